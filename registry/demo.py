"""Demo data: twelve real, published negative results from machine learning, loaded through the workflow."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from registry.models import MODERATORS_GROUP, Benchmark, Claim, Entry, Evidence, Paper, Profile
from registry.workflow import benchmark_resolve, entry_create, entry_publish, entry_submit, paper_resolve

CURATOR_USERNAME = "nrr-curator"
EDITOR_USERNAME = "nrr-editor"
DEMO_ACCOUNTS = (
    # (username, password, moderator)
    ("demo-researcher", "demo-researcher-pass", False),
    ("demo-moderator", "demo-moderator-pass", True),
)

# --------------------------------------------------------------------------- benchmarks

BENCHMARKS = {
    "imagenet": {
        "slug": "imagenet-1k", "name": "ImageNet-1k", "task": "image classification", "modality": "image",
        "homepage": "https://www.image-net.org/",
        "description": "The ILSVRC-2012 classification subset of ImageNet: one thousand object classes.",
    },
    "cifar10": {
        "slug": "cifar-10", "name": "CIFAR-10", "task": "image classification", "modality": "image",
        "homepage": "https://www.cs.toronto.edu/~kriz/cifar.html",
        "description": "Small colour images in ten object classes.",
    },
    "squad": {
        "slug": "squad-v1-1", "name": "SQuAD v1.1", "task": "reading comprehension", "modality": "text",
        "homepage": "https://rajpurkar.github.io/SQuAD-explorer/",
        "description": "Stanford Question Answering Dataset: questions on Wikipedia paragraphs, answered by a span.",
    },
    "mnli": {
        "slug": "mnli", "name": "MNLI", "task": "natural language inference", "modality": "text",
        "homepage": "https://cims.nyu.edu/~sbowman/multinli/",
        "description": "Multi-Genre Natural Language Inference corpus (MultiNLI).",
    },
    "snli": {
        "slug": "snli", "name": "SNLI", "task": "natural language inference", "modality": "text",
        "homepage": "https://nlp.stanford.edu/projects/snli/",
        "description": "Stanford Natural Language Inference corpus.",
    },
    "ptb": {
        "slug": "penn-treebank", "name": "Penn Treebank", "task": "language modelling", "modality": "text",
        "homepage": "https://catalog.ldc.upenn.edu/LDC99T42",
        "description": "Word-level language modelling on the Wall Street Journal portion of the Penn Treebank.",
    },
    "wikitext2": {
        "slug": "wikitext-2", "name": "WikiText-2", "task": "language modelling", "modality": "text",
        "homepage": "https://arxiv.org/abs/1609.07843",
        "description": "Word-level language modelling on Wikipedia articles (Merity et al.).",
    },
    "cub": {
        "slug": "cub-200-2011", "name": "CUB-200-2011", "task": "image retrieval (metric learning)",
        "modality": "image", "homepage": "https://www.vision.caltech.edu/datasets/cub_200_2011/",
        "description": "Caltech-UCSD Birds: fine-grained bird species images.",
    },
    "sop": {
        "slug": "stanford-online-products", "name": "Stanford Online Products",
        "task": "image retrieval (metric learning)", "modality": "image",
        "homepage": "https://cvgl.stanford.edu/projects/lifted_struct/",
        "description": "Product photos from online shops, grouped by product.",
    },
    "movielens1m": {
        "slug": "movielens-1m", "name": "MovieLens-1M", "task": "top-n recommendation", "modality": "tabular",
        "homepage": "https://grouplens.org/datasets/movielens/1m/",
        "description": "Movie ratings collected by GroupLens.",
    },
    "mujoco": {
        "slug": "mujoco-gym", "name": "MuJoCo continuous control (OpenAI Gym)",
        "task": "continuous control", "modality": "interactive",
        "homepage": "https://github.com/openai/gym",
        "description": "Simulated locomotion tasks such as HalfCheetah and Hopper, run through OpenAI Gym.",
    },
}

# Evaluation sets introduced by the negative results themselves; they carry no claims of their own.
EXTRA_BENCHMARKS = [
    {
        "slug": "imagenetv2", "name": "ImageNetV2", "task": "image classification", "modality": "image",
        "homepage": "https://github.com/modestyachts/ImageNetV2",
        "description": "A new ImageNet test set collected following the original procedure (Recht et al.).",
    },
    {
        "slug": "cifar-10-1", "name": "CIFAR-10.1", "task": "image classification", "modality": "image",
        "homepage": "https://github.com/modestyachts/CIFAR-10.1",
        "description": "A new CIFAR-10 test set collected following the original procedure (Recht et al.).",
    },
    {
        "slug": "hans", "name": "HANS", "task": "natural language inference", "modality": "text",
        "homepage": "https://github.com/tommccoy1/hans",
        "description": "Heuristic Analysis for NLI Systems: cases where shallow syntactic heuristics fail.",
    },
]

# --------------------------------------------------------------------------- countered papers

COUNTERED_PAPERS = {
    # arXiv:1512.03385
    "resnet": {"title": "Deep Residual Learning for Image Recognition", "authors": "He, Zhang, Ren, Sun",
               "year": 2016, "venue": "CVPR 2016", "arxiv_id": "1512.03385",
               # The publisher's DOI and the CVF open-access page name the same paper.
               "identifiers": ["10.1109/CVPR.2016.90",
                               "https://openaccess.thecvf.com/content_cvpr_2016/html/"
                               "He_Deep_Residual_Learning_CVPR_2016_paper.html"]},
    # arXiv:1605.07146
    "wrn": {"title": "Wide Residual Networks", "authors": "Zagoruyko, Komodakis", "year": 2016,
            "venue": "BMVC 2016", "arxiv_id": "1605.07146"},
    # arXiv:1606.05250
    "squad": {"title": "SQuAD: 100,000+ Questions for Machine Comprehension of Text",
              "authors": "Rajpurkar, Zhang, Lopyrev, Liang", "year": 2016, "venue": "EMNLP 2016",
              "arxiv_id": "1606.05250", "identifiers": ["acl:D16-1264"]},
    # arXiv:1810.04805
    "bert": {"title": "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
             "authors": "Devlin, Chang, Lee, Toutanova", "year": 2019, "venue": "NAACL 2019",
             "arxiv_id": "1810.04805", "identifiers": ["acl:N19-1423"]},
    # arXiv:1704.05426
    "mnli": {"title": "A Broad-Coverage Challenge Corpus for Sentence Understanding through Inference",
             "authors": "Williams, Nangia, Bowman", "year": 2018, "venue": "NAACL 2018",
             "arxiv_id": "1704.05426", "identifiers": ["acl:N18-1101"]},
    # arXiv:1508.05326
    "snli": {"title": "A large annotated corpus for learning natural language inference",
             "authors": "Bowman, Angeli, Potts, Manning", "year": 2015, "venue": "EMNLP 2015",
             "arxiv_id": "1508.05326", "identifiers": ["acl:D15-1075"]},
    # ICLR 2018 defenses examined by Athalye et al.; recorded by title only.
    "thermometer": {"title": "Thermometer Encoding: One Hot Way To Resist Adversarial Examples",
                    "authors": "Buckman, Roy, Raffel, Goodfellow", "year": 2018, "venue": "ICLR 2018"},
    "input_transformations": {"title": "Countering Adversarial Images using Input Transformations",
                              "authors": "Guo, Rana, Cisse, van der Maaten", "year": 2018, "venue": "ICLR 2018"},
    "randomization": {"title": "Mitigating Adversarial Effects Through Randomization",
                      "authors": "Xie, Wang, Zhang, Ren, Yuille", "year": 2018, "venue": "ICLR 2018"},
    # Defenses examined by Tramer et al.; recorded by title only.
    "kwta": {"title": "Enhancing Adversarial Defense by k-Winners-Take-All",
             "authors": "Xiao, Zhong, Zheng", "year": 2020, "venue": "ICLR 2020"},
    "odds": {"title": "The Odds are Odd: A Statistical Test for Detecting Adversarial Examples",
             "authors": "Roth, Kilcher, Hofmann", "year": 2019, "venue": "ICML 2019"},
    # arXiv:1611.01578
    "nas": {"title": "Neural Architecture Search with Reinforcement Learning", "authors": "Zoph, Le",
            "year": 2017, "venue": "ICLR 2017", "arxiv_id": "1611.01578"},
    # arXiv:1607.03474
    "rhn": {"title": "Recurrent Highway Networks", "authors": "Zilly, Srivastava, Koutník, Schmidhuber",
            "year": 2017, "venue": "ICML 2017", "arxiv_id": "1607.03474"},
    # arXiv:1609.07843
    "pointer_sentinel": {"title": "Pointer Sentinel Mixture Models", "authors": "Merity, Xiong, Bradbury, Socher",
                         "year": 2017, "venue": "ICLR 2017", "arxiv_id": "1609.07843"},
    # arXiv:1704.00028
    "wgan_gp": {"title": "Improved Training of Wasserstein GANs", "authors": "Gulrajani et al.", "year": 2017,
                "venue": "NeurIPS 2017", "arxiv_id": "1704.00028"},
    # arXiv:1511.06452
    "lifted": {"title": "Deep Metric Learning via Lifted Structured Feature Embedding",
               "authors": "Oh Song, Xiang, Jegelka, Savarese", "year": 2016, "venue": "CVPR 2016",
               "arxiv_id": "1511.06452"},
    # Recorded by title only.
    "multi_similarity": {"title": "Multi-Similarity Loss with General Pair Weighting for Deep Metric Learning",
                         "authors": "Wang, Han, Huang, Dong, Scott", "year": 2019, "venue": "CVPR 2019"},
    # arXiv:1708.05031
    "ncf": {"title": "Neural Collaborative Filtering", "authors": "He et al.", "year": 2017, "venue": "WWW 2017",
            "arxiv_id": "1708.05031"},
    # arXiv:1509.02971
    "ddpg": {"title": "Continuous control with deep reinforcement learning", "authors": "Lillicrap et al.",
             "year": 2016, "venue": "ICLR 2016", "arxiv_id": "1509.02971"},
    # arXiv:1707.06347
    "ppo": {"title": "Proximal Policy Optimization Algorithms", "authors": "Schulman et al.", "year": 2017,
            "venue": "arXiv preprint", "arxiv_id": "1707.06347"},
}


def _claim(paper: str, benchmark: str, metric: str, *, model_name: str = "", setting: str = "",
           reported_value: float | None = None, higher_is_better: bool = True) -> dict:
    """A claim spec in the form the workflow resolves."""
    return {
        "paper": COUNTERED_PAPERS[paper], "benchmark": BENCHMARKS[benchmark], "metric": metric,
        "reported_value": reported_value, "higher_is_better": higher_is_better,
        "model_name": model_name, "setting": setting, "location": "",
    }


# Claims countered by more than one entry are defined once so that they resolve to one row.
RESNET_CIFAR10 = _claim("resnet", "cifar10", "accuracy (%)", model_name="ResNet", setting="CIFAR-10 test set")

# --------------------------------------------------------------------------- the entries


def _cite(source: dict) -> str:
    """A Markdown citation of a source paper with a link to its arXiv page."""
    ids = f"arXiv:{source['arxiv_id']}"
    if source.get("doi"):
        ids += f", doi:[{source['doi']}](https://doi.org/{source['doi']})"
    return (f"{source['authors']}. [*{source['title']}*](https://arxiv.org/abs/{source['arxiv_id']}). "
            f"{source['venue']}. {ids}.")


def _body(text: str, source: dict) -> str:
    """The entry body: the prose followed by the source citation."""
    return f"{text.strip()}\n\n## Source\n\n{_cite(source)}\n"


def _authors(names: str) -> list[dict]:
    """Author dicts from a comma-separated list of names (no ORCIDs, no affiliations)."""
    return [{"name": name.strip(), "orcid": "", "affiliation": ""} for name in names.split(",")]


DEMO_ENTRIES = []

# 1. arXiv:1902.10811 (Recht, Roelofs, Schmidt, Shankar; ICML 2019)
_source = {"title": "Do ImageNet Classifiers Generalize to ImageNet?",
           "authors": "Recht, Roelofs, Schmidt, Shankar", "year": 2019, "venue": "ICML 2019",
           "arxiv_id": "1902.10811", "identifiers": ["https://proceedings.mlr.press/v97/recht19a.html"]}
DEMO_ENTRIES.append({
    "source": _source,
    "authors": _authors("Benjamin Recht, Rebecca Roelofs, Ludwig Schmidt, Vaishaal Shankar"),
    "fields": {
        "title": "ImageNet classifiers lose 11% to 14% accuracy on a freshly collected ImageNet test set",
        "summary": (
            "Published ImageNet accuracies are measured on one validation set that the whole field has "
            "reused for years. Recht and colleagues rebuilt a test set by repeating the original ImageNet "
            "collection and labelling procedure as faithfully as they could, and evaluated a wide range of "
            "published classifiers on it. Every model scored lower: accuracy dropped by 11% to 14% on "
            "ImageNet, and by 3% to 15% on a CIFAR-10 test set rebuilt the same way. Because the ordering "
            "of models was largely kept, the authors read the gap as sensitivity to small, natural "
            "distribution shifts rather than as adaptive overfitting to the old test set."
        ),
        "body": _body("""
## What was tested

The authors gathered new candidate images for the ImageNet classes, had them annotated with a pipeline
modelled on the original one, and sampled a new test set meant to match the distribution of the original
validation set (released as ImageNetV2). They did the same for CIFAR-10. A broad collection of published
models, from early convolutional networks to the architectures of the time, was then scored on the old and
the new test sets.

## What happened

- On ImageNet, accuracy fell for every model, by 11% to 14%.
- On CIFAR-10 the drops ranged from 3% to 15%.
- Models that were better on the old test set were, by and large, still better on the new one.

## Why it matters

A leaderboard accuracy describes one particular sample of test images. Even a carefully replicated
sample drawn "the same way" costs today's classifiers a large share of their reported accuracy, so
reported numbers overstate how well the models generalise beyond that sample.
""", _source),
        "result_type": "distribution_shift",
        "keywords": ["ImageNet", "CIFAR-10", "test set replication", "generalization", "ImageNetV2"],
        "models_tested": "Published ImageNet classifiers (e.g. ResNet family)\nPublished CIFAR-10 classifiers",
        "datasets": "ImageNet-1k\nImageNetV2\nCIFAR-10",
        "data_url": "https://github.com/modestyachts/ImageNetV2",
    },
    "evidence": [
        {
            "claim": _claim("resnet", "imagenet", "top-1 accuracy (%)", model_name="ResNet-152",
                            setting="ILSVRC-2012 validation set"),
            "relation": "weakens",
            "conditions": "Re-evaluated on ImageNetV2, a new test set collected following the original "
                          "ImageNet procedure; accuracy drops of 11% to 14% across the models evaluated.",
        },
        {
            "claim": RESNET_CIFAR10,
            "relation": "weakens",
            "conditions": "Re-evaluated on a new CIFAR-10 test set collected the same way as the original; "
                          "accuracy drops of 3% to 15% across the models evaluated.",
        },
    ],
})

# 2. arXiv:1806.00451 (Recht, Roelofs, Schmidt, Shankar)
_source = {"title": "Do CIFAR-10 Classifiers Generalize to CIFAR-10?",
           "authors": "Recht, Roelofs, Schmidt, Shankar", "year": 2018, "venue": "arXiv preprint",
           "arxiv_id": "1806.00451"}
DEMO_ENTRIES.append({
    "source": _source,
    "authors": _authors("Benjamin Recht, Rebecca Roelofs, Ludwig Schmidt, Vaishaal Shankar"),
    "fields": {
        "title": "CIFAR-10 classifiers lose 4% to 10% accuracy on a fresh CIFAR-10 test set",
        "summary": (
            "CIFAR-10 models have been designed and selected against the same small test set for a decade. "
            "This study assembled a new test set from the same image source and with the same class "
            "definitions, then re-scored a range of well-known published classifiers. Accuracy fell by "
            "4% to 10% across models, even though the new images were drawn to match the original "
            "distribution, so published CIFAR-10 accuracies overstate performance on new data."
        ),
        "body": _body("""
## What was tested

New images for the ten CIFAR-10 classes were drawn from the same underlying image collection, filtered and
labelled to mirror how the original test set was built, and assembled into a fresh test set (CIFAR-10.1).
Widely used published architectures, including residual and wide residual networks, were evaluated on the
original test set and on the new one.

## What happened

Every model lost accuracy on the new test set, with drops of 4% to 10%. The gap appears across
architectures rather than for a few outliers.

## Why it matters

The result questions how far the steady climb in CIFAR-10 accuracy reflects better generalisation rather
than a close fit to one fixed test sample. It is the precursor of the ImageNet study by the same authors.
""", _source),
        "result_type": "distribution_shift",
        "keywords": ["CIFAR-10", "CIFAR-10.1", "test set replication", "generalization"],
        "models_tested": "Published CIFAR-10 classifiers (e.g. ResNet, Wide ResNet)",
        "datasets": "CIFAR-10\nCIFAR-10.1",
        "data_url": "https://github.com/modestyachts/CIFAR-10.1",
    },
    "evidence": [
        {
            "claim": RESNET_CIFAR10,
            "relation": "weakens",
            "conditions": "Re-evaluated on CIFAR-10.1, a new test set built like the original; accuracy drop "
                          "of 4% to 10% across the models evaluated.",
        },
        {
            "claim": _claim("wrn", "cifar10", "accuracy (%)", model_name="Wide ResNet",
                            setting="CIFAR-10 test set"),
            "relation": "weakens",
            "conditions": "Re-evaluated on CIFAR-10.1, a new test set built like the original; accuracy drop "
                          "of 4% to 10% across the models evaluated.",
        },
    ],
})

# 3. arXiv:1707.07328 (Jia, Liang; EMNLP 2017)
_source = {"title": "Adversarial Examples for Evaluating Reading Comprehension Systems",
           "authors": "Jia, Liang", "year": 2017, "venue": "EMNLP 2017", "arxiv_id": "1707.07328",
           "identifiers": ["acl:D17-1215"]}
DEMO_ENTRIES.append({
    "source": _source,
    "authors": _authors("Robin Jia, Percy Liang"),
    "fields": {
        "title": "SQuAD models collapse when a distracting sentence is added to the paragraph",
        "summary": (
            "High F1 on SQuAD was widely read as evidence that models understand the paragraphs they answer "
            "questions about. Jia and Liang appended to each paragraph a sentence that resembles the question "
            "but does not answer it, leaving the correct answer and its meaning unchanged. The average F1 of "
            "sixteen published models fell from 75% to 36%. When the added text could be an ungrammatical "
            "word sequence chosen against the model, the average over four models fell to 7%. The models "
            "were matching surface cues rather than reading."
        ),
        "body": _body("""
## What was tested

The authors built adversarial versions of SQuAD development examples. In one variant a sentence is
composed that shares many words with the question but is about something else; in another, an arbitrary
and possibly ungrammatical sequence of words is searched for, querying the model, so as to mislead it.
The added text never changes the correct answer for a human reader. Published reading-comprehension models
were scored on the original and the modified paragraphs.

## What happened

- With one distracting sentence appended, the average F1 of sixteen published models dropped from 75%
  to 36%.
- With ungrammatical word sequences allowed, the average over four models dropped to 7%.

## Why it matters

Standard SQuAD accuracy does not measure whether a system can tell an answering sentence from a
lookalike; robustness to distracting text has to be measured separately.
""", _source),
        "result_type": "robustness_failure",
        "keywords": ["SQuAD", "reading comprehension", "adversarial examples", "AddSent", "AddAny"],
        "models_tested": "Sixteen published SQuAD models (four for the ungrammatical-sequence attack)",
        "datasets": "SQuAD v1.1 (development set, with adversarial additions)",
        "code_url": "https://github.com/robinjia/adversarial-squad",
    },
    "evidence": [
        {
            "claim": _claim("squad", "squad", "F1 (%)", model_name="average of sixteen published models",
                            setting="development set", reported_value=75),
            "relation": "contradicts", "observed_value": 36,
            "conditions": "A distracting sentence that resembles the question is appended to each paragraph "
                          "(AddSent); average F1 of the sixteen models.",
        },
        {
            "claim": _claim("squad", "squad", "F1 (%)", model_name="average of four published models",
                            setting="development set"),
            "relation": "contradicts", "observed_value": 7,
            "conditions": "An ungrammatical word sequence, searched for against each model, is appended to each "
                          "paragraph (AddAny); average F1 of four models.",
        },
    ],
})

# 4. arXiv:1902.01007 (McCoy, Pavlick, Linzen; ACL 2019)
_source = {"title": "Right for the Wrong Reasons: Diagnosing Syntactic Heuristics in Natural Language Inference",
           "authors": "McCoy, Pavlick, Linzen", "year": 2019, "venue": "ACL 2019", "arxiv_id": "1902.01007",
           "identifiers": ["acl:P19-1334"]}
DEMO_ENTRIES.append({
    "source": _source,
    "authors": _authors("R. Thomas McCoy, Ellie Pavlick, Tal Linzen"),
    "fields": {
        "title": "MNLI-trained models, BERT included, fail when syntactic heuristics give the wrong answer",
        "summary": (
            "Strong MNLI accuracy is taken as a sign that models perform natural language inference. McCoy, "
            "Pavlick and Linzen hypothesised that models instead adopt shallow heuristics, such as assuming "
            "that a premise entails any hypothesis made of its words, and built HANS, an evaluation set in "
            "which those heuristics lead to the wrong label. Models trained on MNLI, BERT among them, "
            "performed very poorly on the HANS cases where the heuristics fail, so their MNLI scores do not "
            "show that they have learned inference."
        ),
        "body": _body("""
## What was tested

The authors identified three syntactic heuristics a model could pick up from NLI training data: lexical
overlap, subsequence and constituent. They generated HANS, a controlled set of premise-hypothesis pairs in
which each heuristic sometimes gives the right answer and sometimes the wrong one, and evaluated models
trained on MNLI, including BERT.

## What happened

The MNLI-trained models did well where the heuristics happen to be right and very poorly where the
heuristics predict entailment but the correct label is non-entailment. BERT was no exception.

## Why it matters

High in-distribution accuracy on MNLI is compatible with a model that relies on word overlap rather than
on meaning; a reported MNLI score alone cannot establish that a model performs inference.
""", _source),
        "result_type": "robustness_failure",
        "keywords": ["MNLI", "HANS", "natural language inference", "syntactic heuristics", "BERT"],
        "models_tested": "Models trained on MNLI, including BERT",
        "datasets": "MNLI\nHANS",
        "data_url": "https://github.com/tommccoy1/hans",
    },
    "evidence": [
        {
            "claim": _claim("bert", "mnli", "accuracy (%)", model_name="BERT", setting="MNLI test set (GLUE)"),
            "relation": "weakens",
            "conditions": "Model trained on MNLI and evaluated on HANS; very poor performance on the examples "
                          "where the lexical-overlap, subsequence or constituent heuristic gives the wrong label.",
        },
    ],
})

# 5. arXiv:1802.00420 (Athalye, Carlini, Wagner; ICML 2018)
_source = {"title": "Obfuscated Gradients Give a False Sense of Security: Circumventing Defenses to "
                    "Adversarial Examples",
           "authors": "Athalye, Carlini, Wagner", "year": 2018, "venue": "ICML 2018", "arxiv_id": "1802.00420"}
_ATHALYE_CONDITIONS = (
    "White-box attack by Athalye et al. designed for obfuscated gradients ({attack}). Across the study, 7 of 9 "
    "non-certified ICLR 2018 defenses relied on obfuscated gradients; 6 were circumvented completely and 1 "
    "partially."
)
DEMO_ENTRIES.append({
    "source": _source,
    "authors": _authors("Anish Athalye, Nicholas Carlini, David Wagner"),
    "fields": {
        "title": "Most white-box adversarial defenses at ICLR 2018 relied on obfuscated gradients and were broken",
        "summary": (
            "Several defenses against adversarial examples accepted at ICLR 2018 reported robustness to "
            "white-box attacks. Athalye, Carlini and Wagner showed that the robustness usually came from "
            "obfuscated gradients: the defenses broke gradient-based attacks without making the model "
            "robust. Of nine non-certified defenses claiming white-box security, seven relied on obfuscated "
            "gradients; attacks built to work around the obfuscation circumvented six of them completely and "
            "one partially."
        ),
        "body": _body("""
## What was tested

The authors described three kinds of obfuscated gradients (shattered, stochastic, and vanishing or
exploding gradients) and matching attack techniques: Backward Pass Differentiable Approximation (BPDA),
Expectation over Transformation (EOT) and reparameterisation. They applied them to the non-certified
defenses at ICLR 2018 that claimed white-box robustness, within each defense's own threat model.

## What happened

- 7 of the 9 defenses relied on obfuscated gradients.
- Of those seven, the new attacks circumvented 6 completely and 1 partially.

## Why it matters

A defense that only defeats the attacker's gradient computation gives a false sense of security. The
paper set out evaluation practices that later defense papers are expected to follow, starting with
attacks adapted to the defense.
""", _source),
        "result_type": "evaluation_flaw",
        "keywords": ["adversarial examples", "obfuscated gradients", "BPDA", "EOT", "adversarial defenses"],
        "models_tested": "Non-certified white-box defenses published at ICLR 2018",
        "datasets": "CIFAR-10\nImageNet-1k",
        "code_url": "https://github.com/anishathalye/obfuscated-gradients",
    },
    "evidence": [
        {
            "claim": _claim("thermometer", "cifar10", "accuracy under white-box attack (%)",
                            model_name="Thermometer encoding", setting="white-box threat model"),
            "relation": "contradicts",
            "conditions": _ATHALYE_CONDITIONS.format(attack="BPDA"),
        },
        {
            "claim": _claim("input_transformations", "imagenet", "accuracy under white-box attack (%)",
                            model_name="Input transformations", setting="white-box threat model"),
            "relation": "contradicts",
            "conditions": _ATHALYE_CONDITIONS.format(attack="BPDA with EOT"),
        },
        {
            "claim": _claim("randomization", "imagenet", "accuracy under white-box attack (%)",
                            model_name="Randomized resizing and padding", setting="white-box threat model"),
            "relation": "contradicts",
            "conditions": _ATHALYE_CONDITIONS.format(attack="EOT"),
        },
    ],
})

# 6. arXiv:2002.08347 (Tramer, Carlini, Brendel, Madry; NeurIPS 2020)
_source = {"title": "On Adaptive Attacks to Adversarial Example Defenses",
           "authors": "Tramer, Carlini, Brendel, Madry", "year": 2020, "venue": "NeurIPS 2020",
           "arxiv_id": "2002.08347"}
_TRAMER_CONDITIONS = (
    "Attacked with an attack adapted to this specific defense (Tramer et al.); one of thirteen recently "
    "published defenses circumvented despite their own adaptive-attack evaluations."
)
DEMO_ENTRIES.append({
    "source": _source,
    "authors": _authors("Florian Tramèr, Nicholas Carlini, Wieland Brendel, Aleksander Mądry"),
    "fields": {
        "title": "Thirteen published adversarial defenses fall to adaptive attacks despite adaptive evaluations",
        "summary": (
            "After the obfuscated-gradients episode, defense papers began to report evaluations against "
            "adaptive attacks. Tramer and colleagues re-examined thirteen recently published defenses, all of "
            "which had included such evaluations, and circumvented every one of them. The attacks they used "
            "were mostly not new: what the original evaluations lacked was an attack tailored to each "
            "defense, so the reported robustness did not hold."
        ),
        "body": _body("""
## What was tested

Thirteen defenses against adversarial examples, published at major venues and each evaluated by its
authors with attacks described as adaptive, were re-attacked. For each defense the authors studied how it
works and built an attack aimed at that mechanism, preferring simple, standard techniques.

## What happened

All thirteen defenses were circumvented; their robustness under the stated threat model was far lower
than reported.

## Why it matters

Calling an evaluation "adaptive" is not enough. The paper walks through each case as a tutorial on
building a tailored attack, and argues that defense evaluations need attacks designed for the defense at
hand rather than a fixed recipe.
""", _source),
        "result_type": "robustness_failure",
        "keywords": ["adversarial examples", "adaptive attacks", "adversarial defenses", "robustness evaluation"],
        "models_tested": "Thirteen published defenses against adversarial examples",
        "datasets": "CIFAR-10",
    },
    "evidence": [
        {
            "claim": _claim("kwta", "cifar10", "robust accuracy (%)", model_name="k-Winners-Take-All",
                            setting="white-box threat model"),
            "relation": "contradicts",
            "conditions": _TRAMER_CONDITIONS,
        },
        {
            "claim": _claim("odds", "cifar10", "adversarial example detection rate (%)",
                            model_name="The Odds are Odd detector", setting="white-box threat model"),
            "relation": "contradicts",
            "conditions": _TRAMER_CONDITIONS,
        },
    ],
})

# 7. arXiv:1707.05589 (Melis, Dyer, Blunsom; ICLR 2018)
_source = {"title": "On the State of the Art of Evaluation in Neural Language Models",
           "authors": "Melis, Dyer, Blunsom", "year": 2018, "venue": "ICLR 2018", "arxiv_id": "1707.05589"}
_MELIS_CONDITIONS = (
    "All architectures re-tuned with large-scale automatic black-box hyperparameter search at matched model "
    "sizes; properly regularised standard LSTMs outperformed the more recent architecture."
)
DEMO_ENTRIES.append({
    "source": _source,
    "authors": _authors("Gábor Melis, Chris Dyer, Phil Blunsom"),
    "fields": {
        "title": "Properly tuned LSTM language models beat newer recurrent architectures on PTB and WikiText-2",
        "summary": (
            "A run of papers reported new recurrent architectures that lowered perplexity on Penn Treebank "
            "and WikiText-2. Melis, Dyer and Blunsom re-tuned the plain LSTM and several of these newer "
            "architectures with the same large-scale automatic hyperparameter search. Properly regularised "
            "and tuned, the standard LSTM outperformed the more recent models, so much of the reported "
            "progress reflected differences in tuning effort rather than better architectures."
        ),
        "body": _body("""
## What was tested

The authors compared LSTMs, Recurrent Highway Networks and architectures found by neural architecture
search on Penn Treebank and WikiText-2. Every model got the same treatment:
a black-box hyperparameter optimiser searched over regularisation and training settings, at matched
parameter counts.

## What happened

The standard LSTM, once properly regularised and tuned, came out ahead of the more recent architectures
on both word-level benchmarks.

## Why it matters

Comparisons in which the proposed model is tuned and the baseline is not say little about the
architecture: baselines need the same tuning effort before a new model can be said to improve on them.
""", _source),
        "result_type": "evaluation_flaw",
        "keywords": ["language modelling", "LSTM", "hyperparameter tuning", "baselines", "perplexity"],
        "models_tested": "LSTM\nRecurrent Highway Network\nNAS cell",
        "datasets": "Penn Treebank\nWikiText-2",
    },
    "evidence": [
        {
            "claim": _claim("nas", "ptb", "test perplexity", model_name="NAS cell",
                            setting="word-level language modelling", higher_is_better=False),
            "relation": "weakens", "conditions": _MELIS_CONDITIONS,
        },
        {
            "claim": _claim("rhn", "ptb", "test perplexity", model_name="Recurrent Highway Network",
                            setting="word-level language modelling", higher_is_better=False),
            "relation": "weakens", "conditions": _MELIS_CONDITIONS,
        },
        {
            "claim": _claim("pointer_sentinel", "wikitext2", "test perplexity", model_name="published models",
                            setting="word-level language modelling", higher_is_better=False),
            "relation": "weakens",
            "conditions": "Properly regularised and tuned standard LSTMs outperformed the more recent "
                          "architectures reported on WikiText-2.",
        },
    ],
})

# 8. arXiv:1711.10337 (Lucic, Kurach, Michalski, Gelly, Bousquet; NeurIPS 2018)
_source = {"title": "Are GANs Created Equal? A Large-Scale Study",
           "authors": "Lucic, Kurach, Michalski, Gelly, Bousquet", "year": 2018, "venue": "NeurIPS 2018",
           "arxiv_id": "1711.10337"}
DEMO_ENTRIES.append({
    "source": _source,
    "authors": _authors("Mario Lucic, Karol Kurach, Marcin Michalski, Sylvain Gelly, Olivier Bousquet"),
    "fields": {
        "title": "No tested GAN variant consistently beats the original non-saturating GAN",
        "summary": (
            "Many GAN variants were introduced with claims of better samples or more stable training than "
            "the original formulation. Lucic and colleagues ran a large, neutral comparison in which every "
            "method received the same hyperparameter search and computational budget and was scored with "
            "the same metric. They found no evidence that any of the tested algorithms consistently "
            "outperforms the non-saturating GAN introduced by Goodfellow et al. (2014); differences were "
            "dominated by hyperparameters, random seeds and budget."
        ),
        "body": _body("""
## What was tested

Several popular GAN losses and regularisers were trained on MNIST, Fashion-MNIST, CIFAR-10 and CelebA
under a common protocol, with wide hyperparameter searches and many random restarts, and scored with the
Fréchet Inception Distance (FID); precision and recall were also estimated on synthetic data. The
reference point is the non-saturating GAN of Goodfellow et al., "Generative Adversarial Networks"
([arXiv:1406.2661](https://arxiv.org/abs/1406.2661), NeurIPS 2014).

## What happened

With enough computation, most models reached similar scores. The study found no evidence that any tested
algorithm consistently outperforms the non-saturating GAN.

## Why it matters

Single-run comparisons with unequal tuning budgets cannot separate an algorithm from the search spent on
it. The paper argues for reporting the distribution of results across budgets and seeds.
""", _source),
        "result_type": "null_result",
        "keywords": ["GAN", "generative models", "FID", "large-scale study", "hyperparameter search"],
        "models_tested": "Non-saturating GAN\nWGAN-GP and other GAN variants",
        "datasets": "MNIST\nFashion-MNIST\nCIFAR-10\nCelebA",
        "code_url": "https://github.com/google/compare_gan",
    },
    "evidence": [
        {
            "claim": _claim("wgan_gp", "cifar10", "Inception score", model_name="WGAN-GP",
                            setting="unsupervised image generation"),
            "relation": "weakens",
            "conditions": "Same hyperparameter search and computational budget for every method, scored with "
                          "FID; no evidence of consistent improvement over the non-saturating GAN.",
        },
    ],
})

# 9. arXiv:2003.08505 (Musgrave, Belongie, Lim; ECCV 2020)
_source = {"title": "A Metric Learning Reality Check", "authors": "Musgrave, Belongie, Lim", "year": 2020,
           "venue": "ECCV 2020", "arxiv_id": "2003.08505"}
_MUSGRAVE_CONDITIONS = (
    "Re-run under one protocol for all losses (same network, embedding size, augmentation and optimiser; "
    "hyperparameters chosen on validation data, not on the test set); improvements over older methods "
    "marginal at best."
)
DEMO_ENTRIES.append({
    "source": _source,
    "authors": _authors("Kevin Musgrave, Serge Belongie, Ser-Nam Lim"),
    "fields": {
        "title": "Deep metric learning improvements over the years are marginal at best under fair comparison",
        "summary": (
            "Deep metric learning papers reported large gains in retrieval accuracy year after year. "
            "Musgrave, Belongie and Lim found that the comparisons behind those gains often differed in "
            "network, embedding size, augmentation or optimiser, and that hyperparameters were often tuned "
            "with test-set feedback. Re-running the methods under one fair protocol, they found the "
            "improvements over older losses to be marginal at best."
        ),
        "body": _body("""
## What was tested

The authors catalogued flaws in the experimental setups of metric learning papers and proposed a
protocol that holds the architecture, embedding size, data augmentation and optimiser fixed, selects
hyperparameters by cross-validation rather than on the test set, and reports more informative accuracy
metrics. They re-ran classic and recent losses under it on CUB-200-2011, Cars196 and Stanford Online
Products.

## What happened

Under equal conditions, recent methods performed about as well as older ones such as the contrastive
and triplet losses: the improvements were marginal at best.

## Why it matters

Much of the apparent progress came from unequal experimental conditions, not from the losses being
proposed.
""", _source),
        "result_type": "evaluation_flaw",
        "keywords": ["metric learning", "image retrieval", "baselines", "benchmarking", "reality check"],
        "models_tested": "Contrastive, triplet and more recent metric learning losses",
        "datasets": "CUB-200-2011\nCars196\nStanford Online Products",
        "code_url": "https://github.com/KevinMusgrave/powerful-benchmarker",
    },
    "evidence": [
        {
            "claim": _claim("lifted", "sop", "Recall@1 (%)", model_name="Lifted structured loss",
                            setting="test split"),
            "relation": "weakens", "conditions": _MUSGRAVE_CONDITIONS,
        },
        {
            "claim": _claim("multi_similarity", "cub", "Recall@1 (%)", model_name="Multi-Similarity loss",
                            setting="test split"),
            "relation": "weakens", "conditions": _MUSGRAVE_CONDITIONS,
        },
    ],
})

# 10. arXiv:1907.06902, doi:10.1145/3298689.3347058 (Ferrari Dacrema, Cremonesi, Jannach; RecSys 2019)
_source = {"title": "Are We Really Making Much Progress? A Worrying Analysis of Recent Neural Recommendation "
                    "Approaches",
           "authors": "Ferrari Dacrema, Cremonesi, Jannach", "year": 2019, "venue": "RecSys 2019",
           "arxiv_id": "1907.06902", "doi": "10.1145/3298689.3347058"}
DEMO_ENTRIES.append({
    "source": _source,
    "authors": _authors("Maurizio Ferrari Dacrema, Paolo Cremonesi, Dietmar Jannach"),
    "fields": {
        "title": "Most recent neural top-n recommenders could not be reproduced or lose to simple heuristics",
        "summary": (
            "Neural recommendation methods presented at top venues reported clear gains over earlier "
            "approaches. Ferrari Dacrema, Cremonesi and Jannach tried to reproduce 18 such algorithms for "
            "top-n recommendation. Only 7 could be reproduced with reasonable effort, and 6 of those were "
            "often outperformed by conceptually simple, properly tuned heuristics such as nearest-neighbour "
            "methods. Weak or untuned baselines and limited availability of code and data explain much of "
            "the reported progress."
        ),
        "body": _body("""
## What was tested

The authors collected neural top-n recommendation algorithms published at major conferences and tried
to reproduce each with the original code and data where available, then compared the reproducible ones
against simple baselines (user- and item-based nearest neighbours, graph-based and other non-neural
methods) whose hyperparameters they tuned properly, using the original papers' datasets and metrics.

## What happened

- Only 7 of the 18 algorithms could be reproduced with reasonable effort.
- 6 of those 7 were often outperformed by the simple heuristics.

## Why it matters

Many of the examined claims of progress rested on baselines that were weak or not tuned, or on results
that others could not reproduce.
""", _source),
        "result_type": "failed_replication",
        "keywords": ["recommender systems", "reproducibility", "baselines", "collaborative filtering"],
        "models_tested": "Neural top-n recommendation algorithms (18 examined, 7 reproduced)\n"
                         "Nearest-neighbour and other simple baselines",
        "datasets": "MovieLens-1M and other datasets used by the original papers",
        "code_url": "https://github.com/MaurizioFD/RecSys2019_DeepLearning_Evaluation",
    },
    "evidence": [
        {
            "claim": _claim("ncf", "movielens1m", "HR@10", model_name="NeuMF", setting="leave-one-out evaluation"),
            "relation": "weakens",
            "conditions": "Among the 7 of 18 algorithms that could be reproduced; compared with properly tuned "
                          "simple baselines, which often outperformed the reproducible neural methods.",
        },
    ],
})

# 11. arXiv:1709.06560 (Henderson et al.; AAAI 2018)
_source = {"title": "Deep Reinforcement Learning that Matters", "authors": "Henderson et al.", "year": 2018,
           "venue": "AAAI 2018", "arxiv_id": "1709.06560"}
_HENDERSON_CONDITIONS = (
    "Re-run across random seeds, codebases and hyperparameter settings; the spread of results was large "
    "enough to overturn comparisons between algorithms."
)
DEMO_ENTRIES.append({
    "source": _source,
    "authors": _authors("Peter Henderson, Riashat Islam, Philip Bachman, Joelle Pineau, Doina Precup, "
                        "David Meger"),
    "fields": {
        "title": "Deep RL results swing with random seeds and implementation details enough to flip comparisons",
        "summary": (
            "Deep reinforcement learning papers typically report average returns on continuous-control "
            "benchmarks from a handful of runs. Henderson and colleagues re-ran well-known policy-gradient "
            "algorithms and found that the reported results depend on random seeds, network architecture, "
            "reward scaling and the particular codebase to such a degree that rankings between algorithms "
            "can be reversed. Reported improvements therefore often do not replicate."
        ),
        "body": _body("""
## What was tested

The authors ran TRPO, PPO, DDPG and ACKTR on MuJoCo locomotion tasks from OpenAI Gym, varying random
seeds, hyperparameters, network architectures, reward scale and the implementation used, and examined how
results are usually reported and compared.

## What happened

Results varied with random seeds and implementation details by enough to overturn comparisons: groups of
runs of the same algorithm, differing only in seed, could look like different algorithms, and the best
algorithm depended on the environment and codebase.

## Why it matters

Improvements reported from a few runs without significance testing may not hold. The paper recommends
more trials, proper statistical testing and reporting of all implementation details.
""", _source),
        "result_type": "failed_replication",
        "keywords": ["reinforcement learning", "reproducibility", "random seeds", "MuJoCo", "policy gradients"],
        "models_tested": "TRPO\nPPO\nDDPG\nACKTR",
        "datasets": "MuJoCo continuous-control tasks (OpenAI Gym)",
    },
    "evidence": [
        {
            "claim": _claim("ddpg", "mujoco", "average return", model_name="DDPG",
                            setting="MuJoCo locomotion tasks"),
            "relation": "weakens", "conditions": _HENDERSON_CONDITIONS,
        },
        {
            "claim": _claim("ppo", "mujoco", "average return", model_name="PPO",
                            setting="MuJoCo locomotion tasks"),
            "relation": "weakens", "conditions": _HENDERSON_CONDITIONS,
        },
    ],
})

# 12. arXiv:1803.02324 (Gururangan et al.; NAACL 2018)
_source = {"title": "Annotation Artifacts in Natural Language Inference Data", "authors": "Gururangan et al.",
           "year": 2018, "venue": "NAACL 2018", "arxiv_id": "1803.02324", "identifiers": ["acl:N18-2017"]}
DEMO_ENTRIES.append({
    "source": _source,
    "authors": _authors("Suchin Gururangan, Swabha Swayamdipta, Omer Levy, Roy Schwartz, Samuel R. Bowman, "
                        "Noah A. Smith"),
    "fields": {
        "title": "A hypothesis-only classifier labels about 67% of SNLI and 53% of MultiNLI correctly",
        "summary": (
            "NLI benchmarks are meant to require reasoning about how a hypothesis relates to a premise. "
            "Gururangan and colleagues showed that crowd workers writing hypotheses left tell-tale patterns: "
            "a simple text classifier that never sees the premise labels about 67% of SNLI and 53% of "
            "MultiNLI correctly. Part of what models score on these benchmarks is therefore earned from "
            "annotation artifacts, not inference."
        ),
        "body": _body("""
## What was tested

A simple text classifier was trained to predict the entailment label from the hypothesis alone, with no
access to the premise. The authors then analysed which words and properties of hypotheses gave the label
away, such as negation words for contradiction or generic phrasing for entailment, and re-evaluated
published models on the examples the hypothesis-only classifier gets wrong.

## What happened

- The hypothesis-only classifier labelled about 67% of SNLI correctly.
- It labelled about 53% of MultiNLI correctly.
- Published models did markedly worse on the examples the classifier could not label.

## Why it matters

Benchmark accuracy on SNLI and MultiNLI overstates how much inference the models perform; part of it
comes from regularities in how the hypotheses were written.
""", _source),
        "result_type": "evaluation_flaw",
        "keywords": ["natural language inference", "annotation artifacts", "hypothesis-only baseline", "SNLI",
                     "MultiNLI"],
        "models_tested": "Hypothesis-only text classifier\nPublished NLI models",
        "datasets": "SNLI\nMNLI",
    },
    "evidence": [
        {
            "claim": _claim("snli", "snli", "accuracy (%)", model_name="published models", setting="test set"),
            "relation": "weakens", "observed_value": 67,
            "conditions": "A classifier that sees only the hypothesis labels about 67% of SNLI correctly.",
        },
        {
            "claim": _claim("mnli", "mnli", "accuracy (%)", model_name="published models", setting="test set"),
            "relation": "weakens", "observed_value": 53,
            "conditions": "A classifier that sees only the hypothesis labels about 53% of MultiNLI correctly.",
        },
    ],
})

del _source


def _source_ids(source: dict) -> list[str]:
    """The identifiers a reviewer may paste to find a source paper."""
    ids = [f"arXiv:{source['arxiv_id']}"]
    if source.get("doi"):
        ids.append(f"doi:{source['doi']}")
    return ids


# Entry title -> identifiers of the paper that reported the negative result.
DEMO_SOURCE_IDS = {spec["fields"]["title"]: _source_ids(spec["source"]) for spec in DEMO_ENTRIES}

# Every number the demo data states, straight from the published papers; nothing else may appear.
DEMO_REPORTED_VALUES = frozenset({75.0})
DEMO_OBSERVED_VALUES = frozenset({36.0, 7.0, 67.0, 53.0})

# --------------------------------------------------------------------------- loader


def _say(stdout, message: str) -> None:
    """Write one line to ``stdout`` if there is one."""
    if stdout is not None:
        stdout.write(message + "\n")


def _account(username: str, *, moderator: bool, password: str | None = None):
    """Get or create a non-staff account; unusable password unless one is given."""
    user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": False})
    if password is not None:
        user.set_password(password)
        user.save(update_fields=["password"])
    elif created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if moderator:
        group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
        user.groups.add(group)
    # Demo accounts may file at once: their (absent) address counts as confirmed.
    Profile.objects.update_or_create(user=user, defaults={"email_confirmed_at": timezone.now()})
    return user


def _entry_fields(spec: dict) -> dict:
    """The entry fields of a spec: the paper reporting it is its source paper, also named in its keywords."""
    fields = {"authors_contacted": "not_contacted", **spec["fields"], "source_paper": spec["source"]}
    fields["keywords"] = list(fields.get("keywords", [])) + DEMO_SOURCE_IDS[fields["title"]]
    return fields


@transaction.atomic
def load_demo(*, stdout=None, create_accounts: bool) -> dict:
    """Load the demo entries through the workflow, skipping those already present, and return counts."""
    curator = _account(CURATOR_USERNAME, moderator=False)
    editor = _account(EDITOR_USERNAME, moderator=True)
    for spec in EXTRA_BENCHMARKS:
        benchmark_resolve(spec)
    created = skipped = 0
    for spec in DEMO_ENTRIES:
        paper_resolve(spec["source"])
        fields = _entry_fields(spec)
        if Entry.objects.filter(owner=curator, title=fields["title"]).exists():
            skipped += 1
            continue
        entry = entry_create(by=curator, fields=fields, authors=spec["authors"], evidence=spec["evidence"])
        entry = entry_submit(entry=entry, by=curator, expected_revision=entry.revision)
        entry_publish(entry=entry, by=editor)
        created += 1

    accounts = 0
    if create_accounts and settings.DEBUG:
        for username, password, moderator in DEMO_ACCOUNTS:
            _account(username, moderator=moderator, password=password)
            role = "moderator" if moderator else "researcher"
            _say(stdout, f"Demo {role}: username {username!r}, password {password!r}")
            accounts += 1
    elif not settings.DEBUG:
        _say(stdout, "Demo accounts were not created because DEBUG is off.")
    else:
        _say(stdout, "Demo accounts were not requested.")

    counts = {
        "entries": Entry.objects.filter(owner=curator).count(),
        "created": created,
        "skipped": skipped,
        "papers": Paper.objects.count(),
        "benchmarks": Benchmark.objects.count(),
        "claims": Claim.objects.count(),
        "evidence": Evidence.objects.count(),
        "accounts": accounts,
    }
    _say(stdout, (
        f"Demo data: {counts['entries']} entries ({created} new, {skipped} already present); the registry "
        f"holds {counts['papers']} papers, {counts['benchmarks']} benchmarks and {counts['claims']} claims."
    ))
    return counts
