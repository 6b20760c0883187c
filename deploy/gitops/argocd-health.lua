-- Argo CD health check for compute-mirror resources (computemirror.io/v1alpha1 ComputeProvider, Machine, GpuOffer,
-- GpuOfferQuery, MachineSchedule). One script for the five kinds: it branches on obj.kind. Install it under each
-- kind's key in argocd-cm, e.g.
--   resource.customizations.health.computemirror.io_Machine
-- (deploy/gitops/argocd-cm-health.yaml holds the five keys; README "GitOps" says how).
--
-- Rules, in order:
--   Stalled=True for the current generation (kstatus: Failed: a person must act, e.g. a Machine's failed or
--   refused operation, a refused credential, an invalid schedule or query)    -> Degraded
--   no status, or a Ready condition written for an older metadata.generation -> Progressing (not acted on yet)
--   Reconciling=True (kstatus: InProgress): reason AccountPaused (a Machine's
--   suspend or resume held by its paused ComputeProvider) -> Suspended, else  -> Progressing
--   Machine with an operation running at the provider (status.operation)     -> Progressing (Suspending/Resuming)
--   Synced=False (the provider's last poll failed; the data is the last known) -> Degraded
--   MachineSchedule Ready=True reason Paused (spec.paused: it acts on nothing) -> Suspended
--   Ready=True                                                                -> Healthy
--   ComputeProvider: Ready=False reason Paused -> Suspended, RateLimited -> Progressing (the provider asked to
--   wait; mirrors keep their data until staleAfter), any other reason -> Degraded
--   MachineSchedule: Ready=False reason Transitioning (machines on their way to
--   the scheduled state) -> Progressing, any other (InvalidSchedule, MachinesFailed) -> Degraded
--   GpuOfferQuery: Ready=False (a query is Ready once evaluated, also when
--   nothing matches, so False means it cannot be)                             -> Degraded
--   Machine or GpuOffer Ready=False reason OperationFailed, SuspendNotSupported
--   or Gone                                                                   -> Degraded
--   Machine Paused, Stopped or Suspended without asking for it; GpuOffer
--   Unavailable (rented)                                                      -> Suspended
--   anything else (e.g. a machine on its way to the desired phase)            -> Progressing
-- The message is the deciding condition's reason and message.
local hs = {}

local function condition(conditions, type)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function describe(c)
  if c.message ~= nil and c.message ~= "" then
    return c.reason .. ": " .. c.message
  end
  return c.reason
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "waiting for compute-mirror to write the status"
  return hs
end

local generation = obj.metadata.generation
-- A Stalled written for an older generation says nothing about the current spec (a fix may be on its way).
local stalled = condition(obj.status.conditions, "Stalled")
if stalled ~= nil and stalled.status == "True"
    and (generation == nil or stalled.observedGeneration == nil or stalled.observedGeneration >= generation) then
  hs.status = "Degraded"
  hs.message = describe(stalled)
  return hs
end

local ready = condition(obj.status.conditions, "Ready")
local synced = condition(obj.status.conditions, "Synced")

if ready == nil or (generation ~= nil and ready.observedGeneration ~= nil and ready.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "waiting for compute-mirror to act on generation " .. tostring(generation)
  return hs
end

local reconciling = condition(obj.status.conditions, "Reconciling")
if reconciling ~= nil and reconciling.status == "True" then
  if reconciling.reason == "AccountPaused" then
    hs.status = "Suspended"
  else
    hs.status = "Progressing"
  end
  hs.message = describe(reconciling)
  return hs
end

if obj.kind == "Machine" and obj.status.operation ~= nil and obj.status.operation.id ~= nil then
  hs.status = "Progressing"
  hs.message = describe(ready)
  return hs
end

if synced ~= nil and synced.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(synced)
  return hs
end

if obj.kind == "MachineSchedule" and ready.status == "True" and ready.reason == "Paused" then
  hs.status = "Suspended"
  hs.message = describe(ready)
  return hs
end

if ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready)
  return hs
end

if obj.kind == "ComputeProvider" then
  if ready.reason == "Paused" then
    hs.status = "Suspended"
  elseif ready.reason == "RateLimited" then
    hs.status = "Progressing"
  else
    hs.status = "Degraded"
  end
  hs.message = describe(ready)
  return hs
end

if obj.kind == "MachineSchedule" then
  if ready.reason == "Transitioning" then
    hs.status = "Progressing"
  else
    hs.status = "Degraded"
  end
  hs.message = describe(ready)
  return hs
end

if obj.kind == "GpuOfferQuery" then
  hs.status = "Degraded"
  hs.message = describe(ready)
  return hs
end

if ready.reason == "OperationFailed" or ready.reason == "SuspendNotSupported" or ready.reason == "Gone" then
  hs.status = "Degraded"
elseif obj.kind == "Machine" and (ready.reason == "Paused" or ready.reason == "Stopped" or ready.reason == "Suspended") then
  hs.status = "Suspended"
elseif obj.kind == "GpuOffer" and ready.reason == "Unavailable" then
  hs.status = "Suspended"
else
  hs.status = "Progressing"
end
hs.message = describe(ready)
return hs
