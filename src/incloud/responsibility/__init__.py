"""The shared responsibility matrix: who owns each duty for the services in use, and its status."""
