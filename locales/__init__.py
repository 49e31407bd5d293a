"""The gettext catalogs (nl, en), a package so that they travel inside the wheel."""
