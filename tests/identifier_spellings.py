"""Spellings of real paper identifiers, and strings that are not identifiers, for the identifier tests.

Every identifier here is real: mostly those of the demo papers in ``registry/demo.py`` (the papers whose
claims the demo entries counter, and the papers reporting them), plus a few others where a form needs one
(an old-style arXiv id, a new-style ACL id, a NeurIPS 2022 paper, a newer CVF collection, a SICI DOI).
Each row is ``(spelling, kind, normalised value)``.
"""

# DOIs: ResNet (CVPR 2016), Ferrari Dacrema et al. (RecSys 2019), NCF (WWW 2017), Musgrave et al. (ECCV 2020,
# Springer), Henderson et al. (AAAI 2018), and the ACL Anthology's DOIs of McCoy et al. 2019, Gururangan et
# al. 2018 and BERT; a SICI DOI (the DOI Handbook's example of a DOI with '<', '>', ';' and parentheses).
RESNET_DOI = "10.1109/cvpr.2016.90"
FERRARI_DOI = "10.1145/3298689.3347058"
NCF_DOI = "10.1145/3038912.3052569"
MUSGRAVE_DOI = "10.1007/978-3-030-58595-2_41"
HENDERSON_DOI = "10.1609/aaai.v32i1.11694"
MCCOY_DOI = "10.18653/v1/p19-1334"
GURURANGAN_DOI = "10.18653/v1/n18-2017"
SICI_DOI = "10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-o"

# arXiv: BERT, ResNet, Ferrari Dacrema et al., Recht et al. (ImageNet), McCoy et al.; two old-style ids.
BERT = "1810.04805"
RESNET = "1512.03385"
FERRARI = "1907.06902"
RECHT = "1902.10811"
MCCOY = "1902.01007"

# OpenReview (ICLR): NAS (Zoph & Le 2017), Melis et al. 2018, Thermometer Encoding, Input Transformations.
NAS = "r1Ue8Hcxg"
MELIS = "ByJHuTgA-"  # no digit: a bare 'ByJHuTgA-' is not read as an OpenReview id, only with a prefix or link
THERMOMETER = "S18Su--CW"
INPUT_TRANSFORMATIONS = "SyJ7ClWCb"

# ACL Anthology: McCoy et al. 2019, Gururangan et al. 2018, Jia & Liang 2017, BERT, MultiNLI, SNLI, SQuAD,
# and CheckList (Ribeiro et al. 2020) for a new-style id.
MCCOY_ACL = "P19-1334"
GURURANGAN_ACL = "N18-2017"
JIA_ACL = "D17-1215"
CHECKLIST_ACL = "2020.acl-main.442"

# PMLR: Recht et al. 2019 (ICML), Athalye et al. 2018 (ICML), Recurrent Highway Networks (ICML 2017).
RECHT_PMLR = "v97/recht19a"
ATHALYE_PMLR = "v80/athalye18a"

# NeurIPS: WGAN-GP (2017), Lucic et al. (2018), Tramer et al. (2020), FlashAttention (2022).
WGAN_GP = "2017/892c3b1c6dccd52936e27cbd0ff683d6"
LUCIC = "2018/e46de7e1bcaaced9a54f1e9d0d2f800d"
TRAMER = "2020/11f38f8ecd71867b42433548d1078e38"
FLASH_ATTENTION = "2022/67d57c32e20fd0a7a302cb81d36e40d5"

# CVF Open Access: ResNet, Lifted Structure (Song et al. 2016), Multi-Similarity (Wang et al. 2019), ConvNeXt.
RESNET_CVF = "content_cvpr_2016/He_Deep_Residual_Learning_CVPR_2016_paper"
LIFTED_CVF = "content_cvpr_2016/Song_Deep_Metric_Learning_CVPR_2016_paper"
MS_NAME = "Wang_Multi-Similarity_Loss_With_General_Pair_Weighting_for_Deep_Metric_Learning_CVPR_2019_paper"
MS_CVF = f"content_CVPR_2019/{MS_NAME}"
CONVNEXT_CVF = "content/CVPR2022/Liu_A_ConvNet_for_the_2020s_CVPR_2022_paper"

SPELLINGS: list[tuple[str, str, str]] = [
    # --- DOI: bare, prefixed, resolver links, publisher links, punctuation around it
    ("10.1109/CVPR.2016.90", "doi", RESNET_DOI),
    ("10.1109/cvpr.2016.90", "doi", RESNET_DOI),
    ("doi:10.1109/CVPR.2016.90", "doi", RESNET_DOI),
    ("DOI: 10.1109/CVPR.2016.90", "doi", RESNET_DOI),
    ("doi 10.1109/CVPR.2016.90", "doi", RESNET_DOI),
    ("https://doi.org/10.1109/CVPR.2016.90", "doi", RESNET_DOI),
    ("http://doi.org/10.1109/CVPR.2016.90", "doi", RESNET_DOI),
    ("https://www.doi.org/10.1109/CVPR.2016.90", "doi", RESNET_DOI),
    ("http://dx.doi.org/10.1109/CVPR.2016.90", "doi", RESNET_DOI),
    ("HTTPS://DOI.ORG/10.1109/CVPR.2016.90", "doi", RESNET_DOI),
    ("doi.org/10.1109/CVPR.2016.90", "doi", RESNET_DOI),
    ("  10.1109/CVPR.2016.90.  ", "doi", RESNET_DOI),
    ("<https://doi.org/10.1109/CVPR.2016.90>", "doi", RESNET_DOI),
    ("(doi:10.1109/CVPR.2016.90)", "doi", RESNET_DOI),
    ("10.1145/3298689.3347058", "doi", FERRARI_DOI),
    ("https://doi.org/10.1145%2F3298689.3347058", "doi", FERRARI_DOI),
    ("https://doi.org/10.1145/3298689.3347058,", "doi", FERRARI_DOI),
    ("https://dl.acm.org/doi/10.1145/3298689.3347058", "doi", FERRARI_DOI),
    ("https://dl.acm.org/doi/abs/10.1145/3298689.3347058", "doi", FERRARI_DOI),
    ("https://dl.acm.org/doi/pdf/10.1145/3298689.3347058", "doi", FERRARI_DOI),
    ("https://dl.acm.org/doi/full/10.1145/3298689.3347058", "doi", FERRARI_DOI),
    ("dl.acm.org/doi/abs/10.1145/3038912.3052569", "doi", NCF_DOI),
    ("http://dx.doi.org/10.1145/3038912.3052569", "doi", NCF_DOI),
    ("https://link.springer.com/chapter/10.1007/978-3-030-58595-2_41", "doi", MUSGRAVE_DOI),
    ("https://link.springer.com/chapter/10.1007/978-3-030-58595-2_41#Sec1", "doi", MUSGRAVE_DOI),
    ("https://doi.org/10.1007/978-3-030-58595-2_41", "doi", MUSGRAVE_DOI),
    ("doi:10.1609/aaai.v32i1.11694", "doi", HENDERSON_DOI),
    ("https://doi.org/10.1609/aaai.v32i1.11694.", "doi", HENDERSON_DOI),
    ("https://doi.org/10.18653/v1/P19-1334", "doi", MCCOY_DOI),
    ("doi: 10.18653/v1/N18-2017.", "doi", GURURANGAN_DOI),
    ("10.18653/v1/N19-1423", "doi", "10.18653/v1/n19-1423"),
    ("https://onlinelibrary.wiley.com/doi/abs/10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O",
     "doi", SICI_DOI),
    ("https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-O", "doi", SICI_DOI),
    # --- arXiv: bare, versions, prefixes, abs/pdf/html links, arXiv's DataCite DOI, old-style ids
    (BERT, "arxiv", BERT),
    ("1810.04805v2", "arxiv", BERT),
    ("arXiv:1810.04805", "arxiv", BERT),
    ("arXiv:1810.04805v2", "arxiv", BERT),
    ("ARXIV: 1810.04805", "arxiv", BERT),
    ("arxiv 1810.04805", "arxiv", BERT),
    ("arXiv preprint arXiv:1810.04805", "arxiv", BERT),
    ("CoRR abs/1810.04805", "arxiv", BERT),
    ("abs/1810.04805", "arxiv", BERT),
    ("arXiv:1810.04805 [cs.CL]", "arxiv", BERT),
    ("https://arxiv.org/abs/1810.04805", "arxiv", BERT),
    ("http://arxiv.org/abs/1810.04805v1", "arxiv", BERT),
    ("https://arxiv.org/pdf/1810.04805", "arxiv", BERT),
    ("https://arxiv.org/pdf/1810.04805v2.pdf", "arxiv", BERT),
    ("10.48550/arXiv.1810.04805", "arxiv", BERT),
    ("https://doi.org/10.48550/arXiv.1810.04805", "arxiv", BERT),
    ("doi:10.48550/ARXIV.1810.04805", "arxiv", BERT),
    ("arxiv.org/abs/1512.03385", "arxiv", RESNET),
    ("https://www.arxiv.org/abs/1512.03385/", "arxiv", RESNET),
    ("https://export.arxiv.org/abs/1512.03385", "arxiv", RESNET),
    ("https://arxiv.org/html/1512.03385v1", "arxiv", RESNET),
    ("https://arxiv.org/pdf/1512.03385v1.pdf", "arxiv", RESNET),
    ("HTTPS://ARXIV.ORG/ABS/1907.06902", "arxiv", FERRARI),
    ("<https://arxiv.org/abs/1907.06902>.", "arxiv", FERRARI),
    ("(arXiv:1907.06902),", "arxiv", FERRARI),
    ("arXiv:1902.10811 [cs.CV]", "arxiv", RECHT),
    ("https://arxiv.org/abs/1902.10811?context=cs", "arxiv", RECHT),
    ("1902.01007V3", "arxiv", MCCOY),
    ("hep-th/9901001", "arxiv", "hep-th/9901001"),
    ("arXiv:hep-th/9901001v1", "arxiv", "hep-th/9901001"),
    ("https://arxiv.org/abs/math.GT/0309136", "arxiv", "math.GT/0309136"),
    ("math.GT/0309136v2", "arxiv", "math.GT/0309136"),
    # --- OpenReview: bare (strongly shaped ids only), prefixed, forum and pdf links with extra parameters
    (NAS, "openreview", NAS),
    ("openreview:r1Ue8Hcxg", "openreview", NAS),
    ("OpenReview: r1Ue8Hcxg", "openreview", NAS),
    ("OpenReview r1Ue8Hcxg", "openreview", NAS),
    ("https://openreview.net/forum?id=r1Ue8Hcxg", "openreview", NAS),
    ("https://openreview.net/forum?id=r1Ue8Hcxg&noteId=r1Ue8Hcxg", "openreview", NAS),
    ("https://openreview.net/pdf?id=r1Ue8Hcxg", "openreview", NAS),
    ("http://openreview.net/pdf?id=ByJHuTgA-", "openreview", MELIS),
    ("openreview:ByJHuTgA-", "openreview", MELIS),
    ("https://openreview.net/forum?id=S18Su--CW", "openreview", THERMOMETER),
    (THERMOMETER, "openreview", THERMOMETER),
    (INPUT_TRANSFORMATIONS, "openreview", INPUT_TRANSFORMATIONS),
    ("https://www.openreview.net/forum?id=SyJ7ClWCb", "openreview", INPUT_TRANSFORMATIONS),
    ("OPENREVIEW.NET/forum?id=SyJ7ClWCb", "openreview", INPUT_TRANSFORMATIONS),
    # --- ACL Anthology: old- and new-style ids, prefixes, aclanthology.org and aclweb.org links
    (MCCOY_ACL, "acl", MCCOY_ACL),
    ("p19-1334", "acl", MCCOY_ACL),
    ("acl:P19-1334", "acl", MCCOY_ACL),
    ("ACL P19-1334", "acl", MCCOY_ACL),
    ("ACL Anthology P19-1334", "acl", MCCOY_ACL),
    ("https://aclanthology.org/P19-1334/", "acl", MCCOY_ACL),
    ("https://aclanthology.org/P19-1334.pdf", "acl", MCCOY_ACL),
    ("HTTPS://ACLANTHOLOGY.ORG/P19-1334/", "acl", MCCOY_ACL),
    ("https://www.aclweb.org/anthology/P19-1334", "acl", MCCOY_ACL),
    ("http://aclweb.org/anthology/N18-2017", "acl", GURURANGAN_ACL),
    ("http://www.aclweb.org/anthology/N/N18/N18-2017.pdf", "acl", GURURANGAN_ACL),
    ("https://aclanthology.org/N18-2017", "acl", GURURANGAN_ACL),
    ("https://www.aclweb.org/anthology/D17-1215.pdf", "acl", JIA_ACL),
    ("https://aclanthology.info/papers/D17-1215/d17-1215", "acl", JIA_ACL),
    ("D17-1215.", "acl", JIA_ACL),
    ("N19-1423", "acl", "N19-1423"),
    ("https://aclanthology.org/N18-1101/", "acl", "N18-1101"),
    ("https://aclanthology.org/D15-1075", "acl", "D15-1075"),
    ("https://aclanthology.org/D16-1264/", "acl", "D16-1264"),
    (CHECKLIST_ACL, "acl", CHECKLIST_ACL),
    ("https://aclanthology.org/2020.acl-main.442/", "acl", CHECKLIST_ACL),
    ("https://aclanthology.org/2020.acl-main.442.pdf", "acl", CHECKLIST_ACL),
    ("acl: 2020.ACL-Main.442", "acl", CHECKLIST_ACL),
    # --- PMLR: abstract page, PDF in the paper's folder or beside it, prefixed
    ("https://proceedings.mlr.press/v97/recht19a.html", "pmlr", RECHT_PMLR),
    ("http://proceedings.mlr.press/v97/recht19a/recht19a.pdf", "pmlr", RECHT_PMLR),
    ("https://proceedings.mlr.press/v97/recht19a.pdf", "pmlr", RECHT_PMLR),
    ("PMLR v97/recht19a", "pmlr", RECHT_PMLR),
    ("pmlr:v97/recht19a", "pmlr", RECHT_PMLR),
    ("proceedings.mlr.press/v80/athalye18a.html", "pmlr", ATHALYE_PMLR),
    ("http://proceedings.mlr.press/v80/athalye18a/athalye18a.pdf", "pmlr", ATHALYE_PMLR),
    ("http://proceedings.mlr.press/v70/zilly17a/zilly17a.pdf", "pmlr", "v70/zilly17a"),
    # --- NeurIPS proceedings: hash and file links, old and new paths, papers.nips.cc, prefixed and bare
    ("https://proceedings.neurips.cc/paper/2017/hash/892c3b1c6dccd52936e27cbd0ff683d6-Abstract.html",
     "neurips", WGAN_GP),
    ("https://proceedings.neurips.cc/paper/2017/file/892c3b1c6dccd52936e27cbd0ff683d6-Paper.pdf", "neurips", WGAN_GP),
    ("https://papers.nips.cc/paper/2017/hash/892c3b1c6dccd52936e27cbd0ff683d6-Abstract.html", "neurips", WGAN_GP),
    ("https://proceedings.neurips.cc/paper_files/paper/2017/hash/892c3b1c6dccd52936e27cbd0ff683d6-Abstract.html",
     "neurips", WGAN_GP),
    ("2017/892c3b1c6dccd52936e27cbd0ff683d6", "neurips", WGAN_GP),
    ("https://papers.nips.cc/paper_files/paper/2018/hash/e46de7e1bcaaced9a54f1e9d0d2f800d-Abstract.html",
     "neurips", LUCIC),
    ("NeurIPS 2018/e46de7e1bcaaced9a54f1e9d0d2f800d", "neurips", LUCIC),
    ("https://proceedings.neurips.cc/paper/2020/hash/11f38f8ecd71867b42433548d1078e38-Abstract.html",
     "neurips", TRAMER),
    ("https://proceedings.nips.cc/paper/2020/file/11f38f8ecd71867b42433548d1078e38-Paper.pdf", "neurips", TRAMER),
    ("neurips:2020/11F38F8ECD71867B42433548D1078E38", "neurips", TRAMER),
    ("https://proceedings.neurips.cc/paper_files/paper/2022/file/67d57c32e20fd0a7a302cb81d36e40d5-Paper-Conference.pdf",
     "neurips", FLASH_ATTENTION),
    # --- CVF Open Access: html and pdf links, the old cv-foundation.org host, newer 'content/CVPR2022' paths
    ("https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html",
     "cvf", RESNET_CVF),
    ("https://openaccess.thecvf.com/content_cvpr_2016/papers/He_Deep_Residual_Learning_CVPR_2016_paper.pdf",
     "cvf", RESNET_CVF),
    ("http://OpenAccess.TheCVF.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html",
     "cvf", RESNET_CVF),
    ("https://www.cv-foundation.org/openaccess/content_cvpr_2016/papers/He_Deep_Residual_Learning_CVPR_2016_paper.pdf",
     "cvf", RESNET_CVF),
    ("CVF content_cvpr_2016/He_Deep_Residual_Learning_CVPR_2016_paper", "cvf", RESNET_CVF),
    (RESNET_CVF, "cvf", RESNET_CVF),
    ("https://openaccess.thecvf.com/content_cvpr_2016/html/Song_Deep_Metric_Learning_CVPR_2016_paper.html",
     "cvf", LIFTED_CVF),
    (f"http://openaccess.thecvf.com/content_CVPR_2019/papers/{MS_NAME}.pdf", "cvf", MS_CVF),
    (f"https://openaccess.thecvf.com/content_CVPR_2019/html/{MS_NAME}.html", "cvf", MS_CVF),
    ("https://openaccess.thecvf.com/content/CVPR2022/html/Liu_A_ConvNet_for_the_2020s_CVPR_2022_paper.html",
     "cvf", CONVNEXT_CVF),
    ("https://openaccess.thecvf.com/content/CVPR2022/papers/Liu_A_ConvNet_for_the_2020s_CVPR_2022_paper.pdf",
     "cvf", CONVNEXT_CVF),
]

# Strings that name no paper the registry can read: words, numbers, bare prefixes, near-misses, other links.
NOT_IDENTIFIERS: list[str] = [
    "",
    "   ",
    "not-an-id",
    "ImageNet",
    "hello",
    "hello world",
    "ResNet50",
    "Llama2-7b",
    "WikiText103",
    MELIS,  # a real OpenReview id, but without a digit it needs 'openreview:' or its link
    "2016",
    "pages 770-778",
    "770–778",
    "vol. 12",
    "In CVPR, pages 770–778, 2016.",
    "10.",
    "10.1109",
    "10.1109/",
    "doi:",
    "arXiv:",
    "arXiv preprint",
    "abs/",
    "1913.00001",
    "arXiv:1810.048",
    "10.48550/arXiv.1913.00001",
    "0000-0002-1825-0097",
    "http://example.com/paper",
    "https://example.com/abs/1810.04805",
    "www.example.com",
    "https://ieeexplore.ieee.org/document/7780459",
    "https://arxiv.org/list/cs.LG/recent",
    "https://openreview.net/group?id=ICLR.cc/2019/Conference",
    "https://openreview.net/forum?id=abc",
    "OpenReview reviewers",
    "openreview:",
    "P19-1",
    "ACL 2019",
    "https://aclanthology.org/volumes/P19-1/",
    "https://aclanthology.org/events/acl-2019/",
    "PMLR v97",
    "https://proceedings.mlr.press/v97/",
    "NeurIPS 2019",
    "https://papers.nips.cc/paper/7181-attention-is-all-you-need",
    "https://proceedings.neurips.cc/paper/2019/hash/not-a-hash-Abstract.html",
    "CVF He_Deep_Residual_Learning",
    "https://openaccess.thecvf.com/CVPR2016",
    "<>",
    "(.)",
]
