"""``Authorization: Token <key>`` against the hashed ApiToken table, refused once the password has changed."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api.models import ApiToken, key_matches_password


class TokenAuthentication(authentication.BaseAuthentication):
    """A revocable named key, sent as ``Authorization: Token <key>``. No header means anonymous."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the header as 'Authorization: Token <key>'."))
        try:
            key = header[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not key.isprintable() or len(key) > 200:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token = ApiToken.objects.for_key(key).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        if not key_matches_password(key, token.user):
            raise exceptions.AuthenticationFailed(_(
                "This token stopped working when the account's password was changed or reset (or it was made "
                "before tokens followed the password). Make a new one on your account page, /accounts/tokens/."
            ))
        token.touch()
        return token.user, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (with WWW-Authenticate) rather than 403 to a caller who sent no credentials.
        return self.keyword


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`; make a key on your account page or with `manage.py create_api_token`.",
        }
