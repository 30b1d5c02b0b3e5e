"""The append-only audit trail: every view and export of child-level data, every change, every sign-in and
failed sign-in (who, when, what, which children, from where). Administrators search and export it."""
