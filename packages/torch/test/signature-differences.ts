/**
 * Every place where a wick signature deliberately differs from PyTorch 2.13's, by path, with the
 * reason. The signature test fails on any difference not listed here, and on any entry here
 * that no longer differs (so the list stays true).
 *
 * Paths that PyTorch does not have at all (wick's own additions) are listed too.
 */
export const differences: Readonly<Record<string, string>> = {
  'nn.Module.__init__': "PyTorch's takes (*args, **kwargs) only to raise on any it is given; wick's takes none, and says so in Python's words",
};

/**
 * PyTorch overloads a wick callable does not take, by path, with the reason (named-tensor
 * overloads are left out everywhere and need no entry).
 */
export const overloadsLeftOut: Readonly<Record<string, string>> = {};
