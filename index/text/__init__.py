"""Text primitives every other part of index/ reads with: normalisation (traditional → simplified,
full-width), numbers and units as written, word segmentation, the genre's vocabulary, cell values."""
