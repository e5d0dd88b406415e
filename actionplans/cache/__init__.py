"""What is remembered between builds."""
