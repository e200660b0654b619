"""What the learner keeps: vocabulary, statuses, review scheduling, word lists and progress."""
