#!/usr/bin/env bash
# Regenerates crds/ from the custom resource classes (io.computemirror.api.v1alpha1).
# The build (CrdDriftIT in ./mvnw verify) fails whenever crds/ and the classes disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests
./mvnw -B -q failsafe:integration-test failsafe:verify -Dit.test=CrdDriftIT -Dcrds.update=true
echo "crds/ regenerated:"; ls crds/
