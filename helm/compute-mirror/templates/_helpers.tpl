{{/* Chart name, truncated to 63 characters. */}}
{{- define "compute-mirror.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the release name when it already contains the chart name, else release-chart. */}}
{{- define "compute-mirror.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "compute-mirror.selectorLabels" -}}
app.kubernetes.io/name: {{ include "compute-mirror.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "compute-mirror.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "compute-mirror.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: compute-mirror
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "compute-mirror.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "compute-mirror.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "compute-mirror.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
What the operator does in every namespace it serves (derived from the code, see README.md):
read ComputeProviders and write their status; read, create (server-side apply), patch and delete
Machines and GpuOffers and write their status; get (never list or watch) the credentials Secrets
the ComputeProviders reference; record Events.
*/}}
{{- define "compute-mirror.operatorRules" -}}
- apiGroups: ["computemirror.io"]
  resources: ["computeproviders"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["computemirror.io"]
  resources: ["computeproviders/status"]
  verbs: ["patch"]
- apiGroups: ["computemirror.io"]
  resources: ["machines", "gpuoffers"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: ["computemirror.io"]
  resources: ["machines/status", "gpuoffers/status"]
  verbs: ["patch"]
- apiGroups: ["computemirror.io"]
  resources: ["gpuofferqueries"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["computemirror.io"]
  resources: ["gpuofferqueries/status"]
  verbs: ["patch"]
- apiGroups: ["computemirror.io"]
  resources: ["machineschedules"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["computemirror.io"]
  resources: ["machineschedules/status"]
  verbs: ["patch"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
# Exchange rates a Clore ComputeProvider names in spec.clore.pricing.ratesConfigMapRef, read at each poll.
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get"]
# Events: a repeated Event raises the count of the existing one (patch), as client-go's recorder does.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
