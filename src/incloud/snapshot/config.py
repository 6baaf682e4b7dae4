"""AWS Config: the configuration recorders and delivery channels of each region."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, Resource


class ConfigRecorder(Frozen):
    """One configuration recorder, with what it records and whether it is recording.

    ``recording_strategy`` is the recording group's ``recordingStrategy.useOnly``
    (``ALL_SUPPORTED_RESOURCE_TYPES``, ``INCLUSION_BY_RESOURCE_TYPES`` or
    ``EXCLUSION_BY_RESOURCE_TYPES``); None when the API did not return one (recorders made
    before the field existed). ``service_principal`` is set on service-linked recorders,
    which other AWS services create for their own, limited needs.
    """

    name: str
    all_supported: bool = False
    include_global_resource_types: bool = False
    recording_strategy: str | None = None
    resource_types: tuple[str, ...] = ()
    excluded_resource_types: tuple[str, ...] = ()
    recording: bool = False
    last_status: str | None = None
    last_error_code: str | None = None
    service_principal: str | None = None

    @property
    def records_all_types(self) -> bool:
        """True when every supported resource type is recorded, with no exclusions.

        ``allSupported`` with the ``ALL_SUPPORTED_RESOURCE_TYPES`` strategy, or with no
        strategy reported (AWS Config API Reference, ``RecordingGroup``).
        """
        return self.all_supported and self.recording_strategy in (
            None,
            "ALL_SUPPORTED_RESOURCE_TYPES",
        )


class DeliveryChannel(Frozen):
    """Where AWS Config delivers configuration snapshots and history (an S3 bucket)."""

    name: str
    s3_bucket: str | None = None
    sns_topic_arn: str | None = None


class ConfigRegion(Resource):
    """AWS Config in one region of one account (a settings resource: present in every
    scanned region, with no recorder when Config was never set up there).
    """

    kind: Literal["config.region"] = "config.region"
    recorders: tuple[ConfigRecorder, ...] = ()
    delivery_channels: tuple[DeliveryChannel, ...] = ()

    service: ClassVar[str] = "config"

    @property
    def records_global_types(self) -> bool:
        """True when a recording recorder here records all types including global ones (IAM)."""
        return any(
            r.recording and r.records_all_types and r.include_global_resource_types
            for r in self.recorders
        )

    def in_use(self) -> bool:
        """A recorder that is recording shows the customer uses AWS Config."""
        return any(r.recording for r in self.recorders)
