#!/usr/bin/env bash
# Regenerates crds/ from the custom resource classes (io.computemirror.api.v1alpha1).
# The build (CrdDriftIT in ./mvnw verify) fails whenever crds/ and the classes disagree; ChartCrdsTest
# and HelmChartIT fail while helm/compute-mirror/crds/ or deploy/default/ lag behind crds/.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests
./mvnw -B -q failsafe:integration-test failsafe:verify -Dit.test=CrdDriftIT -Dcrds.update=true
echo "crds/ regenerated:"; ls crds/
# The chart ships the same files (ChartCrdsTest keeps them identical), and deploy/default includes them.
cp crds/*.yml helm/compute-mirror/crds/
hack/render-deploy.sh
