"""Trading partners: profiles in `partners/<id>.toml`, validated, found by id or ISA sender, edited with comments
kept, and their secrets encrypted at rest.

    partners = load_profiles(config.partners_dir)     # every bad file in partners.problems, the rest usable
    profile = partners.by_isa("ZZ", "ACMERETAIL")     # route an inbound interchange
    profile.ack.policy                                # AckPolicy for edigate.x12.acks
    profile.validation.guide.overlay                  # GuideOverlay for the validator
    untolerated(document.issues, profile.validation.tolerances)
"""

from .channels import FolderChannel, SftpChannel
from .checks import CheckResult, check_partners, find_map
from .connectors import FILE_DROP, FileDropConnector, HttpConnector, RetryPolicy
from .editing import edit_profile, split_assignment
from .loading import Partners, ProfileError, ProfileProblem, load_profile, load_profiles, profile_paths
from .policies import AckSettings, GuideSettings, ValidationSettings
from .profile import X12_SET_RECORDS, DocumentSpec, Profile
from .secrets import KEY_ENV, SecretError, SecretStore, load_key, new_key, open_secret_store
from .template import NewPartner, create_profile, profile_text
from .tolerances import TOLERANCE_NAMES, is_tolerance, untolerated
from .x12_settings import OutboundDelimiters, Party, X12Settings

__all__ = [
    "FILE_DROP",
    "KEY_ENV",
    "TOLERANCE_NAMES",
    "X12_SET_RECORDS",
    "AckSettings",
    "CheckResult",
    "DocumentSpec",
    "FileDropConnector",
    "FolderChannel",
    "GuideSettings",
    "HttpConnector",
    "NewPartner",
    "OutboundDelimiters",
    "Partners",
    "Party",
    "Profile",
    "ProfileError",
    "ProfileProblem",
    "RetryPolicy",
    "SecretError",
    "SecretStore",
    "SftpChannel",
    "ValidationSettings",
    "X12Settings",
    "check_partners",
    "create_profile",
    "edit_profile",
    "find_map",
    "is_tolerance",
    "load_key",
    "load_profile",
    "load_profiles",
    "new_key",
    "open_secret_store",
    "profile_paths",
    "profile_text",
    "split_assignment",
    "untolerated",
]
