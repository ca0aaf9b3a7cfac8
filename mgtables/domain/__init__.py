"""The domain layer: what the book works out from the dataset, below the chapters and shared by them.

- ages: ages in months, age bands, and the ages the data leaves open;
- reference: the authorities' recommended intakes and upper limits, and the lookup for one person;
- matching: the articles' figures matched to the authorities' values;
- stances: how the sources stand on each claim;
- units: magnesium's molar mass and the conversions through it.

A chapter module (mgtables.chapters) assembles its tables and figures from these and never imports
another chapter; the contracts in pyproject.toml ([tool.importlinter]) hold the layers to that.
"""
