"""What a finished scan tells a coordinator: scores, the diagnosis, the advice rules."""
