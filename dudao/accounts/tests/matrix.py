"""Accounts endpoints and pages tested in this app's own tests (the caller's own login steps)."""

# GET /auth/captcha is public: test_login_throttle.py
OWN_PATHS = {"/api/v1/auth/captcha"}
# the second login step and the captcha image: test_otp.py, test_login_throttle.py
OWN_PAGES = {"accounts:otp", "accounts:captcha"}
