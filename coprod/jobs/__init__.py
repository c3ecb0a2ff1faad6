"""Background jobs: one lifecycle for every kind of job (generations, exports, and later tracks,
batches, playlists and webhook deliveries).

* :mod:`.models`: :class:`~.models.JobStatus` and the :class:`~.models.Job` model mixin (status,
  progress, stage, error, attempts, timestamps).
* :mod:`.kinds`: :class:`~.kinds.JobKind`, what a kind of job declares (its model, its handler,
  its labels and events), and the registry apps add their kinds to.
* :mod:`.services`: the lifecycle — enqueue on commit, claim with an attempts cap, throttled
  progress with its realtime event, complete, fail with a reason, cancel, the notification and the
  analytics event, and the reaper that fails jobs stuck past the hard time limit.
* :mod:`.tasks`: the one Celery task base (time limits, transient retries, failure handling) and
  the reaper's periodic task.

A new kind of job adds its model (with the mixin), its :class:`~.kinds.JobKind` and a thin task,
and nothing else.
"""
