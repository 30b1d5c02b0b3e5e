"""Staff accounts: two-factor sign-in (TOTP), idle timeout, user administration, access grants and the link
from a user to their social-worker id (for caseload-limited views)."""
