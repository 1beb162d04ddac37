"""Test support shared by every app's tests: factories and the permission-matrix base."""
