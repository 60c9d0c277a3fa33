"""Qt item models over services (lazy rows over id lists)."""
