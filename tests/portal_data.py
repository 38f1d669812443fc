"""POST data for the portal's entry form, the way a browser sends it (management forms included)."""

ENTRY = {
    "title": "The reported gain does not replicate",
    "summary": "The paper reports 80% top-1; five seeds of the released code give 74%.",
    "result_type": "failed_replication",
    "body": "We ran the **released code** with the published hyper-parameters.",
    "keywords": "replication, image classification",
    "models_tested": "ResNet-50",
    "datasets": "ImageNet-1k",
    "runs": "5",
    "compute_gpu_hours": "120",
    "hardware": "8x A100",
    "framework": "PyTorch 2.3",
    "code_url": "https://example.org/code",
    "data_url": "",
    "preregistration_url": "",
    "license": "CC-BY-4.0",
    "authors_contacted": "contacted_replied",
    "authors_reply": "They could not reproduce it either.",
}

INLINE_CLAIM = {
    "paper_id": "arXiv:1902.10811v2",
    "paper_title": "Do ImageNet Classifiers Generalize to ImageNet?",
    "benchmark": "ImageNet-1k",
    "metric": "top-1 accuracy (%)",
    "direction": "higher",
    "reported_value": "80.0",
    "model_name": "WinNet",
    "setting": "validation set",
    "location": "Table 2",
    "relation": "contradicts",
    "observed_value": "74.1",
    "observed_spread": "0.3",
    "spread_kind": "sd",
    "runs": "5",
    "conditions": "released code, 5 seeds",
    "notes": "",
}


def existing_claim_row(claim, **overrides) -> dict:
    row = {"claim": str(claim.pk), "relation": "weakens", "direction": "higher", "observed_value": "77.5",
           "conditions": "fresh test set"}
    row.update(overrides)
    return row


def form_data(*, action="save", fields=None, evidence=None, authors=None, revision=None, **extra) -> dict:
    """The entry form as posted: ``evidence`` and ``authors`` are lists of row dicts."""
    evidence = [dict(INLINE_CLAIM)] if evidence is None else evidence
    authors = [{"name": "Ada Author", "orcid": "", "affiliation": "Example University"}] if authors is None else authors
    data = {"action": action, **ENTRY, **(fields or {})}
    if revision is not None:
        data["revision"] = str(revision)
    for prefix, rows in (("evidence", evidence), ("authors", authors)):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "30"
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    for index in range(len(authors)):
        data.setdefault(f"authors-{index}-ORDER", str(index + 1))
    data.update(extra)
    return data
