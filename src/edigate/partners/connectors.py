"""Which ERP/WMS connector each record type goes to, and how an HTTP connector is reached.

Credentials are never in a profile: an auth block names a secret (`secret = "erp-token"`) kept encrypted in the
secrets file, so profiles can live in version control.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from .channels import SECRET_NAME

FILE_DROP = "file-drop"
CONNECTOR_NAME = r"^[a-z0-9][a-z0-9_-]{0,63}$"

SecretName = Annotated[str, Field(pattern=SECRET_NAME)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BearerAuth(_Strict):
    kind: Literal["bearer"]
    secret: SecretName


class ApiKeyAuth(_Strict):
    kind: Literal["api-key"]
    header: str = "X-API-Key"
    secret: SecretName


class BasicAuth(_Strict):
    kind: Literal["basic"]
    username: str = Field(min_length=1)
    secret: SecretName


class OAuth2ClientCredentials(_Strict):
    kind: Literal["oauth2-client-credentials"]
    token_url: HttpUrl
    client_id: str = Field(min_length=1)
    secret: SecretName
    scope: str | None = None


Auth = Annotated[BearerAuth | ApiKeyAuth | BasicAuth | OAuth2ClientCredentials, Field(discriminator="kind")]


class RetryPolicy(_Strict):
    """Exponential backoff with jitter on 5xx, timeouts and connection errors; then the delivery `failed`."""

    max_attempts: int = Field(8, ge=1, le=100)
    initial_delay_seconds: float = Field(1.0, gt=0)
    max_delay_seconds: float = Field(300.0, gt=0)


class HttpConnector(_Strict):
    """An HTTP JSON endpoint. `url` may hold {record_type}, {record_id} and record fields such as {po_number}."""

    kind: Literal["http"]
    url: str = Field(pattern=r"^https?://\S+$")
    method: Literal["POST", "PUT", "PATCH"] = "POST"
    headers: dict[str, str] = {}
    auth: Auth | None = None
    hmac_secret: SecretName | None = None
    connect_timeout_seconds: float = Field(5.0, gt=0)
    read_timeout_seconds: float = Field(30.0, gt=0)
    retry: RetryPolicy = RetryPolicy()

    def secret_names(self) -> list[str]:
        names = [self.auth.secret] if self.auth else []
        return names + ([self.hmac_secret] if self.hmac_secret else [])


class FileDropConnector(_Strict):
    """Records as JSON (or CSV) files written atomically into a folder, relative to the working folder."""

    kind: Literal["file-drop"]
    path: str = "erp"
    format: Literal["json", "csv"] = "json"

    def secret_names(self) -> list[str]:
        return []


Connector = Annotated[HttpConnector | FileDropConnector, Field(discriminator="kind")]
