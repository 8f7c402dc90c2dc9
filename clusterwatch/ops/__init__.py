"""Operations: logging, progress, locks, run reports, health, scheduling."""
