"""The cells of a nianbao JSON output under the dotted keys its truth files use
(`tables.applications.newReceived.total`): shared by compare-truth.py, measure-recall.py and
ocr-sweep."""


def output_cells(output):
    """Every leaf of `output["tables"]`, by dotted key."""
    cells = {}
    _flatten("tables", output["tables"], cells)
    return cells


def _flatten(prefix, obj, out):
    if isinstance(obj, dict):
        for k, v in obj.items():
            _flatten(f"{prefix}.{k}" if prefix else k, v, out)
    else:
        out[prefix] = obj
