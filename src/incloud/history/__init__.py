"""The posture history: recording assessments into the store, and what changed between two
recorded scans (``incloud history``, ``incloud diff``; ``incloud serve`` reads it too).

Above ``assessment`` in the layers: it turns an Assessment into the store's rows
(``record``), and compares rows (``diff``) without reading any snapshot again.
"""
