// The headline GRU, as both the browser page and the Node test run it: rebuilt from the seed alone
// (wick's default initialisation and randn reproduce PyTorch's draws after manual_seed), run
// forward without recording, and reduced to what fixtures/packaging/headline_gru.msgpack holds.
// Plain, browser-safe JS that takes wick's functions as arguments, so the page and the test
// share one definition of the computation.

/**
 * Runs `torch.manual_seed(seed); gru = nn.GRU(input_size, hidden_size); x = randn(steps, batch,
 * input_size)` and the forward pass under no_grad. Returns the GRU and its input (for timing more
 * runs), h_n and every `every`-th output step as flat float32 arrays, and the probes the fixture
 * records (first and last input values, first weight_ih_l0 values).
 */
export function headlineGru({ manual_seed, nn, randn, no_grad }, config) {
  const { seed, input_size, hidden_size, steps, batch, every } = config;
  manual_seed(seed);
  const gru = new nn.GRU(input_size, hidden_size);
  const x = randn([steps, batch, input_size]);
  const [out, h] = no_grad(() => gru(x));
  const flat = x.reshape([-1]);
  const probe = (t, from, to) => Array.from(t.__getitem__(`${from}:${to}`).numpy());
  const n = flat.shape[0];
  return {
    gru,
    x,
    h: Array.from(h.numpy()),
    outSteps: Array.from(out.__getitem__(`::${every}`).contiguous().numpy()),
    probes: {
      input_head: probe(flat, 0, 16),
      input_tail: probe(flat, n - 16, n),
      weight_ih_head: probe(gru.weight_ih_l0.detach().reshape([-1]), 0, 16),
    },
  };
}
