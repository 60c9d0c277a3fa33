"""PDFs (reportlab), QR payloads and Excel/CSV exports. No Qt here."""
