"""Demo content for this app (see core.demo); filled in with the app's features."""


def load(log):
    return 0
