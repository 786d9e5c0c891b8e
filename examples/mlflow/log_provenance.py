"""Log an image's condock record (condock export -o DIR --json > DIR/export.json) to the active MLflow run."""
import json
import sys

import mlflow

out = sys.argv[1]
digest = json.load(open(f"{out}/export.json"))["digest"]
with mlflow.start_run():
    mlflow.set_tag("image.digest", digest)
    mlflow.log_artifacts(out, artifact_path="environment")
