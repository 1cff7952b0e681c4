// Placeholder so the package loads while its owner writes this module; replaced whole.
