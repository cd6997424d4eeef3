"""Keeping an archive sound: `reportqa doctor` and `reportqa migrate-to-postgres`."""
