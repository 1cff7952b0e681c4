// Every reduction, scan and matrix product called as PyTorch users write it: positionally, by
// name, mixed, and wrongly (an unknown name, a name given twice, a missing argument, a wrong type,
// too many arguments), against what PyTorch 2.13 gives for the same call. The Python call is each
// row's name; PYTORCH holds its result (tolist(), a named tuple's fields, or a dtype) or its error,
// recorded by running the call in PyTorch.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';

type Expected = { value: unknown } | { error: string; message: string };

const x = torch.tensor([[1, 2, 3], [4, 5, 6]], { dtype: torch.float32 });
const v = torch.tensor([1, 2, 3], { dtype: torch.float32 });
const m = torch.tensor([[1, 0], [0, 2], [1, 1]], { dtype: torch.float32 });
const b23 = torch.ones([2, 2, 3]);
const c34 = torch.ones([2, 3, 4]);
/** x[:, :2].contiguous() */
const x2 = () => x.narrow(1, 0, 2).contiguous();

const PYTORCH: Record<string, Expected> = {
  "torch.sum(x, 1, True)": { value: [[6.0], [15.0]] },
  "x.sum(dim=1, keepdim=True)": { value: [[6.0], [15.0]] },
  "torch.sum(input=x, dim=[0, 1])": { value: 21.0 },
  "x.sum(1, dtype=torch.float64).dtype": { value: "torch.float64" },
  "torch.sum(x, dtype=torch.float64).dtype": { value: "torch.float64" },
  "x.sum(None, True)": { value: [[21.0]] },
  "x.sum([])": { value: 21.0 },
  "x.sum(True)": { error: 'TypeError', message: "sum() received an invalid combination of arguments - got (bool), but expected one of:\n * (*, torch.dtype dtype = None)\n * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)\n" },
  "x.sum(1.5)": { error: 'TypeError', message: "sum() received an invalid combination of arguments - got (float), but expected one of:\n * (*, torch.dtype dtype = None)\n * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)\n" },
  "x.sum(1, keepdim=1)": { error: 'TypeError', message: "sum(): argument 'keepdim' must be bool, not int" },
  "x.sum(1, dim=1)": { error: 'TypeError', message: "sum() got multiple values for argument 'dim'" },
  "x.sum(1, bogus=1)": { error: 'TypeError', message: "sum() got an unexpected keyword argument 'bogus'" },
  "x.sum(1, True, torch.float64)": { error: 'TypeError', message: "sum() takes from 1 to 2 positional arguments but 3 were given" },
  "torch.mean(x, 0)": { value: [2.5, 3.5, 4.5] },
  "x.mean(dim=[0, 1], keepdim=True)": { value: [[3.5]] },
  "torch.mean(input=x, dtype=torch.float64).dtype": { value: "torch.float64" },
  "x.mean(1, True, torch.float64)": { error: 'TypeError', message: "mean() takes from 1 to 2 positional arguments but 3 were given" },
  "x.mean('a')": { error: 'TypeError', message: "mean() received an invalid combination of arguments - got (str), but expected one of:\n * (*, torch.dtype dtype = None)\n * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)\n" },
  "x.mean(0, keepdim='a')": { error: 'TypeError', message: "mean(): argument 'keepdim' must be bool, not str" },
  "torch.prod(x, 1)": { value: [6.0, 120.0] },
  "x.prod(dim=0, keepdim=True)": { value: [[4.0, 10.0, 18.0]] },
  "torch.prod(input=x, dtype=torch.int64)": { value: 720 },
  "x.prod(None)": { error: 'TypeError', message: "prod() received an invalid combination of arguments - got (NoneType), but expected one of:\n * (*, torch.dtype dtype = None)\n * (int dim, bool keepdim = False, *, torch.dtype dtype = None)\n" },
  "x.prod([0])": { error: 'TypeError', message: "prod() received an invalid combination of arguments - got (list), but expected one of:\n * (*, torch.dtype dtype = None)\n * (int dim, bool keepdim = False, *, torch.dtype dtype = None)\n" },
  "x.prod(1, dim=1)": { error: 'TypeError', message: "prod() got multiple values for argument 'dim'" },
  "x.prod(0, True, torch.float64)": { error: 'TypeError', message: "prod() takes from 1 to 2 positional arguments but 3 were given" },
  "torch.var(x, 1)": { value: [1.0, 1.0] },
  "x.var(1, False)": { value: [0.6666666865348816, 0.6666666865348816] },
  "x.var(1, False, True)": { value: [[0.6666666865348816], [0.6666666865348816]] },
  "x.var(False)": { value: 2.9166667461395264 },
  "x.var(dim=1, unbiased=False)": { value: [0.6666666865348816, 0.6666666865348816] },
  "x.var(1, correction=0)": { value: [0.6666666865348816, 0.6666666865348816] },
  "x.var(correction=2)": { value: 4.375 },
  "torch.var(input=x, dim=0, correction=0, keepdim=True)": { value: [[2.25, 2.25, 2.25]] },
  "x.var(1, True, correction=1)": { error: 'TypeError', message: "var() received an invalid combination of arguments - got (int, bool, correction=int), but expected one of:\n * (tuple of ints dim, bool unbiased = True, bool keepdim = False)\n      didn't match because some of the keywords were incorrect: correction\n * (tuple of ints dim = None, *, Number correction = None, bool keepdim = False)\n * (bool unbiased = True)\n" },
  "x.var(1, True, True, True)": { error: 'TypeError', message: "var() received an invalid combination of arguments - got (int, bool, bool, bool), but expected one of:\n * (tuple of ints dim, bool unbiased = True, bool keepdim = False)\n * (tuple of ints dim = None, *, Number correction = None, bool keepdim = False)\n      didn't match because some of the arguments have invalid types: (!int!, !bool!, !bool!, !bool!)\n * (bool unbiased = True)\n" },
  "x.var(unbiased=1)": { error: 'TypeError', message: "var() received an invalid combination of arguments - got (unbiased=int, ), but expected one of:\n * (tuple of ints dim, bool unbiased = True, bool keepdim = False)\n * (tuple of ints dim = None, *, Number correction = None, bool keepdim = False)\n * (bool unbiased = True)\n      didn't match because some of the keywords were incorrect: unbiased\n" },
  "torch.std(x, 0)": { value: [2.1213202476501465, 2.1213202476501465, 2.1213202476501465] },
  "x.std(0, False)": { value: [1.5, 1.5, 1.5] },
  "x.std(correction=0)": { value: 1.7078251838684082 },
  "x.std(1, keepdim=True, correction=2)": { value: [[1.4142135381698608], [1.4142135381698608]] },
  "x.std(1, 'a')": { error: 'TypeError', message: "std() received an invalid combination of arguments - got (int, str), but expected one of:\n * (tuple of ints dim, bool unbiased = True, bool keepdim = False)\n * (tuple of ints dim = None, *, Number correction = None, bool keepdim = False)\n * (bool unbiased = True)\n" },
  "torch.logsumexp(x, 1)": { value: [3.4076058864593506, 6.40760612487793] },
  "x.logsumexp(dim=0, keepdim=True)": { value: [[4.048587322235107, 5.048587322235107, 6.048587322235107]] },
  "torch.logsumexp(input=x, dim=[0, 1])": { value: 6.456193447113037 },
  "x.logsumexp()": { error: 'TypeError', message: "logsumexp() missing 1 required positional arguments: \"dim\"" },
  "x.logsumexp(1, dim=1)": { error: 'TypeError', message: "logsumexp() got multiple values for argument 'dim'" },
  "x.logsumexp(1.5)": { error: 'TypeError', message: "logsumexp(): argument 'dim' (position 1) must be tuple of ints, not float" },
  "x.logsumexp(1, True, True)": { error: 'TypeError', message: "logsumexp() takes from 1 to 2 positional arguments but 3 were given" },
  "torch.all(x)": { value: true },
  "x.all(1)": { value: [true, true] },
  "x.all(dim=0, keepdim=True)": { value: [[true, true, true]] },
  "torch.any(input=x, dim=[0, 1])": { value: true },
  "x.any(None)": { value: true },
  "x.all(1, 2)": { error: 'TypeError', message: "all() received an invalid combination of arguments - got (int, int), but expected one of:\n * ()\n * (tuple of ints dim = None, bool keepdim = False)\n      didn't match because some of the arguments have invalid types: (!int!, !int!)\n * (int dim, bool keepdim = False)\n      didn't match because some of the arguments have invalid types: (int, !int!)\n" },
  "x.any(bogus=1)": { error: 'TypeError', message: "any() received an invalid combination of arguments - got (bogus=int, ), but expected one of:\n * ()\n      didn't match because some of the keywords were incorrect: bogus\n * (tuple of ints dim = None, bool keepdim = False)\n * (int dim, bool keepdim = False)\n" },
  "torch.max(x)": { value: 6.0 },
  "torch.max(x, 1)": { value: {"values": [3.0, 6.0], "indices": [2, 2]} },
  "x.max(dim=1, keepdim=True)": { value: {"values": [[3.0], [6.0]], "indices": [[2], [2]]} },
  "x.max(1, True)": { value: {"values": [[3.0], [6.0]], "indices": [[2], [2]]} },
  "torch.max(x, v)": { value: [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]] },
  "x.max(other=v)": { value: [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]] },
  "torch.max(input=x, dim=0)": { value: {"values": [4.0, 5.0, 6.0], "indices": [1, 1, 1]} },
  "x.max(1, 2)": { error: 'TypeError', message: "max(): argument 'keepdim' (position 2) must be bool, not int" },
  "x.max(x, 1)": { error: 'TypeError', message: "max(): argument 'dim' (position 1) must be int, not Tensor" },
  "x.max(1.5)": { error: 'TypeError', message: "max() received an invalid combination of arguments - got (float), but expected one of:\n * ()\n      didn't match because some of the arguments have invalid types: (!float!)\n * (Tensor other)\n      didn't match because some of the arguments have invalid types: (!float!)\n * (int dim, bool keepdim = False)\n" },
  "x.max(1, keepdim=True, bogus=1)": { error: 'TypeError', message: "max() received an invalid combination of arguments - got (int, bogus=int, keepdim=bool), but expected one of:\n * ()\n * (Tensor other)\n * (int dim, bool keepdim = False)\n" },
  "x.min(0)": { value: {"values": [1.0, 2.0, 3.0], "indices": [0, 0, 0]} },
  "torch.min(x, other=v)": { value: [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]] },
  "x.min(dim=0, keepdim=True)": { value: {"values": [[1.0, 2.0, 3.0]], "indices": [[0, 0, 0]]} },
  "torch.amax(x)": { value: 6.0 },
  "x.amax(1)": { value: [3.0, 6.0] },
  "x.amax(dim=[0, 1], keepdim=True)": { value: [[6.0]] },
  "torch.amin(input=x, dim=0)": { value: [1.0, 2.0, 3.0] },
  "x.amax(1, 1)": { error: 'TypeError', message: "amax(): argument 'keepdim' (position 2) must be bool, not int" },
  "x.amin(1.5)": { error: 'TypeError', message: "amin(): argument 'dim' (position 1) must be tuple of ints, not float" },
  "x.amax(1, dim=1)": { error: 'TypeError', message: "amax() got multiple values for argument 'dim'" },
  "torch.argmax(x)": { value: 5 },
  "x.argmax(1, True)": { value: [[2], [2]] },
  "x.argmax(dim=None, keepdim=True)": { value: [[5]] },
  "torch.argmin(input=x, dim=0)": { value: [0, 0, 0] },
  "x.argmax(1.5)": { error: 'TypeError', message: "argmax(): argument 'dim' (position 1) must be int, not float" },
  "x.argmin([0])": { error: 'TypeError', message: "argmin(): argument 'dim' (position 1) must be int, not list" },
  "x.argmax(0, bogus=1)": { error: 'TypeError', message: "argmax() got an unexpected keyword argument 'bogus'" },
  "torch.cumsum(x, 1)": { value: [[1.0, 3.0, 6.0], [4.0, 9.0, 15.0]] },
  "x.cumsum(dim=0)": { value: [[1.0, 2.0, 3.0], [5.0, 7.0, 9.0]] },
  "x.cumsum(0, dtype=torch.int64)": { value: [[1, 2, 3], [5, 7, 9]] },
  "x.cumsum()": { error: 'TypeError', message: "cumsum() missing 1 required positional arguments: \"dim\"" },
  "x.cumsum(0, torch.float64)": { error: 'TypeError', message: "cumsum() takes 1 positional argument but 2 were given" },
  "x.clone().cumsum_(1)": { value: [[1.0, 3.0, 6.0], [4.0, 9.0, 15.0]] },
  "x.clone().cumsum_(dim=0)": { value: [[1.0, 2.0, 3.0], [5.0, 7.0, 9.0]] },
  "x.clone().cumsum_()": { error: 'TypeError', message: "cumsum_() missing 1 required positional arguments: \"dim\"" },
  "x.clone().cumsum_(0, bogus=1)": { error: 'TypeError', message: "cumsum_() got an unexpected keyword argument 'bogus'" },
  "x.clone().cumsum_(0, torch.float64)": { error: 'TypeError', message: "cumsum_() takes 1 positional argument but 2 were given" },
  "x.clone().cumsum_(0, dtype=torch.float64)": { error: 'RuntimeError', message: "Bad in-place call: input tensor dtype float and output tensor dtype double should match" },
  "x.clone().cumprod_(1)": { value: [[1.0, 2.0, 6.0], [4.0, 20.0, 120.0]] },
  "x.clone().cumprod_(dim=1, dtype=torch.float32)": { value: [[1.0, 2.0, 6.0], [4.0, 20.0, 120.0]] },
  "x.clone().cumprod_('a')": { error: 'TypeError', message: "cumprod_(): argument 'dim' (position 1) must be int, not str" },
  "list(torch.softmax(x, 1).shape)": { value: [2, 3] },
  "x.softmax(dim=0).argmax(0)": { value: [1, 1, 1] },
  "x.softmax(1, torch.float64).dtype": { value: "torch.float64" },
  "torch.log_softmax(input=x, dim=1, dtype=torch.float64).dtype": { value: "torch.float64" },
  "x.log_softmax(1, dtype=torch.float64).dtype": { value: "torch.float64" },
  "x.softmax()": { error: 'TypeError', message: "softmax() missing 1 required positional arguments: \"dim\"" },
  "x.softmax(1, bogus=1)": { error: 'TypeError', message: "softmax() got an unexpected keyword argument 'bogus'" },
  "x.softmax(1.5)": { error: 'TypeError', message: "softmax(): argument 'dim' (position 1) must be int, not float" },
  "x.log_softmax(1, dim=1)": { error: 'TypeError', message: "log_softmax() got multiple values for argument 'dim'" },
  "torch.cumprod(x, 0)": { value: [[1.0, 2.0, 3.0], [4.0, 10.0, 18.0]] },
  "torch.cumprod(input=x, dim=1, dtype=torch.float64).dtype": { value: "torch.float64" },
  "x.cumprod(0, keepdim=True)": { error: 'TypeError', message: "cumprod() got an unexpected keyword argument 'keepdim'" },
  "torch.tensor([1, 2], dtype=torch.int32).cumsum_(0)": { value: [1, 3] },
  "torch.tensor([1, 2], dtype=torch.int32).cumsum_(0).dtype": { value: "torch.int32" },
  "torch.tensor([3, 4], dtype=torch.int8).cumprod_(0)": { value: [3, 12] },
  "torch.ones(1).expand(3).cumsum_(0)": { error: 'RuntimeError', message: "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation." },
  "torch.tensor([True, False]).cumsum_(0)": { error: 'NotImplementedError', message: "\"cumsum_out_cpu\" not implemented for 'Bool'" },
  "torch.tensor([1, 2]).cumsum(0, dtype=torch.bool)": { error: 'NotImplementedError', message: "\"cumsum_out_cpu\" not implemented for 'Bool'" },
  "torch.tensor([1, 2, 3]).softmax(0)": { error: 'NotImplementedError', message: "\"softmax_lastdim_kernel_impl\" not implemented for 'Long'" },
  "torch.ones(2, 2, dtype=torch.bool).mm(torch.ones(2, 2, dtype=torch.bool))": { error: 'NotImplementedError', message: "\"addmm_impl_cpu_\" not implemented for 'Bool'" },
  "torch.ones(2, 2, dtype=torch.bool).mv(torch.ones(2, dtype=torch.bool))": { error: 'NotImplementedError', message: "\"addmv_impl_cpu\" not implemented for 'Bool'" },
  "torch.matmul(x, m)": { value: [[4.0, 7.0], [10.0, 16.0]] },
  "x.matmul(other=m)": { value: [[4.0, 7.0], [10.0, 16.0]] },
  "torch.matmul(input=x, other=m)": { value: [[4.0, 7.0], [10.0, 16.0]] },
  "torch.matmul(x, 1)": { error: 'TypeError', message: "matmul(): argument 'other' (position 2) must be Tensor, not int" },
  "x.matmul()": { error: 'TypeError', message: "matmul() missing 1 required positional arguments: \"other\"" },
  "x.matmul(m, m)": { error: 'TypeError', message: "matmul() takes 1 positional argument but 2 were given" },
  "x.matmul(m, other=m)": { error: 'TypeError', message: "matmul() got multiple values for argument 'other'" },
  "torch.mm(x, m)": { value: [[4.0, 7.0], [10.0, 16.0]] },
  "x.mm(mat2=m)": { value: [[4.0, 7.0], [10.0, 16.0]] },
  "torch.mm(input=x, mat2=m)": { value: [[4.0, 7.0], [10.0, 16.0]] },
  "x.mm(m, torch.float32)": { error: 'TypeError', message: "mm() takes 1 positional argument but 2 were given" },
  "torch.mm(x)": { error: 'TypeError', message: "mm() received an invalid combination of arguments - got (Tensor), but expected one of:\n * (Tensor input, Tensor mat2, *, Tensor out = None)\n * (Tensor input, Tensor mat2, torch.dtype out_dtype, *, Tensor out = None)\n" },
  "x.mm(bogus=m)": { error: 'TypeError', message: "mm() missing 1 required positional arguments: \"mat2\"" },
  "x.mm(1)": { error: 'TypeError', message: "mm(): argument 'mat2' (position 1) must be Tensor, not int" },
  "torch.bmm(b23, c34)": { value: [[[3.0, 3.0, 3.0, 3.0], [3.0, 3.0, 3.0, 3.0]], [[3.0, 3.0, 3.0, 3.0], [3.0, 3.0, 3.0, 3.0]]] },
  "b23.bmm(mat2=c34)": { value: [[[3.0, 3.0, 3.0, 3.0], [3.0, 3.0, 3.0, 3.0]], [[3.0, 3.0, 3.0, 3.0], [3.0, 3.0, 3.0, 3.0]]] },
  "b23.bmm(c34, c34)": { error: 'TypeError', message: "bmm() takes 1 positional argument but 2 were given" },
  "torch.mv(x, v)": { value: [14.0, 32.0] },
  "x.mv(vec=v)": { value: [14.0, 32.0] },
  "torch.mv(input=x, vec=v)": { value: [14.0, 32.0] },
  "x.mv(v, v)": { error: 'TypeError', message: "mv() takes 1 positional argument but 2 were given" },
  "x.mv()": { error: 'TypeError', message: "mv() missing 1 required positional arguments: \"vec\"" },
  "torch.dot(v, v)": { value: 14.0 },
  "v.dot(tensor=v)": { value: 14.0 },
  "torch.dot(input=v, tensor=v)": { value: 14.0 },
  "torch.dot(v, other=v)": { error: 'TypeError', message: "dot() missing 1 required positional arguments: \"tensor\"" },
  "v.dot(v, v)": { error: 'TypeError', message: "dot() takes 1 positional argument but 2 were given" },
  "torch.outer(v, v)": { value: [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [3.0, 6.0, 9.0]] },
  "v.outer(vec2=v)": { value: [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [3.0, 6.0, 9.0]] },
  "torch.ger(input=v, vec2=v)": { value: [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [3.0, 6.0, 9.0]] },
  "v.ger(v, v)": { error: 'TypeError', message: "ger() takes 1 positional argument but 2 were given" },
  "v.outer(1)": { error: 'TypeError', message: "outer(): argument 'vec2' (position 1) must be Tensor, not int" },
  "torch.addmm(v[:2, None].expand(2, 2).contiguous(), x, m)": { value: [[5.0, 8.0], [12.0, 18.0]] },
  "torch.addmm(x[:, :2].contiguous(), x, m, beta=0.5, alpha=2)": { value: [[8.5, 15.0], [22.0, 34.5]] },
  "torch.addmm(input=x[:, :2].contiguous(), mat1=x, mat2=m, alpha=2)": { value: [[9.0, 16.0], [24.0, 37.0]] },
  "x[:, :2].addmm(x, m, beta=2)": { value: [[6.0, 11.0], [18.0, 26.0]] },
  "x[:, :2].addmm(mat1=x, mat2=m, alpha=True)": { value: [[5.0, 9.0], [14.0, 21.0]] },
  "x[:, :2].contiguous().addmm_(x, m, beta=0.5)": { value: [[4.5, 8.0], [12.0, 18.5]] },
  "x[:, :2].contiguous().addmm_(mat1=x, mat2=m)": { value: [[5.0, 9.0], [14.0, 21.0]] },
  "x[:, :2].addmm(x, m, 2)": { error: 'TypeError', message: "addmm() takes 2 positional arguments but 3 were given" },
  "x[:, :2].addmm(x, m, beta='a')": { error: 'TypeError', message: "addmm(): argument 'beta' must be Number, not str" },
  "x[:, :2].addmm(x)": { error: 'TypeError', message: "addmm() received an invalid combination of arguments - got (Tensor), but expected (Tensor mat1, Tensor mat2, *, Number beta = 1, Number alpha = 1)" },
  "x[:, :2].addmm_(x, m, bogus=1)": { error: 'TypeError', message: "addmm_() got an unexpected keyword argument 'bogus'" },
  "x[:1, :2].contiguous().addmm_(x, m)": { error: 'RuntimeError', message: "Bad in-place call: input tensor size [1, 2] and output tensor size [2, 2] should match" },
  "torch.baddbmm(torch.zeros(2, 2, 4), b23, c34, beta=0.5)": { value: [[[3.0, 3.0, 3.0, 3.0], [3.0, 3.0, 3.0, 3.0]], [[3.0, 3.0, 3.0, 3.0], [3.0, 3.0, 3.0, 3.0]]] },
  "torch.zeros(2, 2, 4).baddbmm(b23, c34, alpha=2)": { value: [[[6.0, 6.0, 6.0, 6.0], [6.0, 6.0, 6.0, 6.0]], [[6.0, 6.0, 6.0, 6.0], [6.0, 6.0, 6.0, 6.0]]] },
  "torch.zeros(2, 2, 4).baddbmm_(batch1=b23, batch2=c34)": { value: [[[3.0, 3.0, 3.0, 3.0], [3.0, 3.0, 3.0, 3.0]], [[3.0, 3.0, 3.0, 3.0], [3.0, 3.0, 3.0, 3.0]]] },
  "torch.zeros(2, 2, 4).baddbmm(b23, c34, 1)": { error: 'TypeError', message: "baddbmm() takes 2 positional arguments but 3 were given" },
  "torch.zeros(2, 2, 4).baddbmm_(b23)": { error: 'TypeError', message: "baddbmm_() received an invalid combination of arguments - got (Tensor), but expected (Tensor batch1, Tensor batch2, *, Number beta = 1, Number alpha = 1)" },
  "torch.zeros(2, 4).baddbmm_(b23, c34)": { error: 'RuntimeError', message: "Bad in-place call: input tensor size [2, 4] and output tensor size [2, 2, 4] should match" },
  "torch.nn.functional.linear(x, m.t())": { value: [[4.0, 7.0], [10.0, 16.0]] },
  "torch.nn.functional.linear(x, m.t(), bias=v[:2])": { value: [[5.0, 9.0], [11.0, 18.0]] },
  "torch.nn.functional.linear(input=x, weight=m.t(), bias=None)": { value: [[4.0, 7.0], [10.0, 16.0]] },
  "torch.nn.functional.linear(x)": { error: 'TypeError', message: "linear() missing 1 required positional arguments: \"weight\"" },
  "torch.nn.functional.linear(x, m.t(), v[:2], 1)": { error: 'TypeError', message: "linear() takes from 2 to 3 positional arguments but 4 were given" },
  "torch.nn.functional.linear(x, m.t(), bogus=1)": { error: 'TypeError', message: "linear() got an unexpected keyword argument 'bogus'" },
};

const rows: [python: string, call: () => unknown][] = [
  ['torch.sum(x, 1, True)', () => torch.sum(x, 1, true)],
  ['x.sum(dim=1, keepdim=True)', () => x.sum({ dim: 1, keepdim: true })],
  ['torch.sum(input=x, dim=[0, 1])', () => torch.sum({ input: x, dim: [0, 1] })],
  ['x.sum(1, dtype=torch.float64).dtype', () => x.sum(1, { dtype: torch.float64 }).dtype],
  ['torch.sum(x, dtype=torch.float64).dtype', () => torch.sum(x, { dtype: torch.float64 }).dtype],
  ['x.sum(None, True)', () => x.sum(null, true)],
  ['x.sum([])', () => x.sum([])],
  ['x.sum(True)', () => x.sum(true as never)],
  ['x.sum(1.5)', () => x.sum(1.5)],
  ['x.sum(1, keepdim=1)', () => x.sum(1, { keepdim: 1 as never })],
  ['x.sum(1, dim=1)', () => x.sum(1, { dim: 1 } as never)],
  ['x.sum(1, bogus=1)', () => x.sum(1, { bogus: 1 } as never)],
  ['x.sum(1, True, torch.float64)', () => x.sum(1, true, torch.float64 as never)],
  ['torch.mean(x, 0)', () => torch.mean(x, 0)],
  ['x.mean(dim=[0, 1], keepdim=True)', () => x.mean({ dim: [0, 1], keepdim: true })],
  ['torch.mean(input=x, dtype=torch.float64).dtype', () => torch.mean({ input: x, dtype: torch.float64 }).dtype],
  ['x.mean(1, True, torch.float64)', () => x.mean(1, true, torch.float64 as never)],
  ["x.mean('a')", () => x.mean('a' as never)],
  ["x.mean(0, keepdim='a')", () => x.mean(0, { keepdim: 'a' as never })],
  ['torch.prod(x, 1)', () => torch.prod(x, 1)],
  ['x.prod(dim=0, keepdim=True)', () => x.prod({ dim: 0, keepdim: true })],
  ['torch.prod(input=x, dtype=torch.int64)', () => torch.prod({ input: x, dtype: torch.int64 })],
  ['x.prod(None)', () => x.prod(null as never)],
  ['x.prod([0])', () => x.prod([0] as never)],
  ['x.prod(1, dim=1)', () => x.prod(1, { dim: 1 } as never)],
  ['x.prod(0, True, torch.float64)', () => x.prod(0, true, torch.float64 as never)],
  ['torch.var(x, 1)', () => torch.var(x, 1)],
  ['x.var(1, False)', () => x.var(1, false)],
  ['x.var(1, False, True)', () => x.var(1, false, true)],
  ['x.var(False)', () => x.var(false)],
  ['x.var(dim=1, unbiased=False)', () => x.var({ dim: 1, unbiased: false })],
  ['x.var(1, correction=0)', () => x.var(1, { correction: 0 })],
  ['x.var(correction=2)', () => x.var({ correction: 2 })],
  ['torch.var(input=x, dim=0, correction=0, keepdim=True)', () => torch.var({ input: x, dim: 0, correction: 0, keepdim: true })],
  ['x.var(1, True, correction=1)', () => x.var(1, true, { correction: 1 })],
  ['x.var(1, True, True, True)', () => x.var(1, true, true, true as never)],
  ['x.var(unbiased=1)', () => x.var({ unbiased: 1 as never })],
  ['torch.std(x, 0)', () => torch.std(x, 0)],
  ['x.std(0, False)', () => x.std(0, false)],
  ['x.std(correction=0)', () => x.std({ correction: 0 })],
  ['x.std(1, keepdim=True, correction=2)', () => x.std(1, { keepdim: true, correction: 2 })],
  ["x.std(1, 'a')", () => x.std(1, 'a' as never)],
  ['torch.logsumexp(x, 1)', () => torch.logsumexp(x, 1)],
  ['x.logsumexp(dim=0, keepdim=True)', () => x.logsumexp({ dim: 0, keepdim: true })],
  ['torch.logsumexp(input=x, dim=[0, 1])', () => torch.logsumexp({ input: x, dim: [0, 1] })],
  ['x.logsumexp()', () => (x.logsumexp as () => unknown)()],
  ['x.logsumexp(1, dim=1)', () => x.logsumexp(1, { dim: 1 } as never)],
  ['x.logsumexp(1.5)', () => x.logsumexp(1.5)],
  ['x.logsumexp(1, True, True)', () => x.logsumexp(1, true, true as never)],
  ['torch.all(x)', () => torch.all(x)],
  ['x.all(1)', () => x.all(1)],
  ['x.all(dim=0, keepdim=True)', () => x.all({ dim: 0, keepdim: true })],
  ['torch.any(input=x, dim=[0, 1])', () => torch.any({ input: x, dim: [0, 1] })],
  ['x.any(None)', () => x.any(null)],
  ['x.all(1, 2)', () => x.all(1, 2 as never)],
  ['x.any(bogus=1)', () => x.any({ bogus: 1 } as never)],
  ['torch.max(x)', () => torch.max(x)],
  ['torch.max(x, 1)', () => torch.max(x, 1)],
  ['x.max(dim=1, keepdim=True)', () => x.max({ dim: 1, keepdim: true })],
  ['x.max(1, True)', () => x.max(1, true)],
  ['torch.max(x, v)', () => torch.max(x, v)],
  ['x.max(other=v)', () => x.max({ other: v })],
  ['torch.max(input=x, dim=0)', () => torch.max({ input: x, dim: 0 })],
  ['x.max(1, 2)', () => x.max(1, 2 as never)],
  ['x.max(x, 1)', () => (x.max as (...a: unknown[]) => unknown).call(x, x, 1)],
  ['x.max(1.5)', () => x.max(1.5)],
  ['x.max(1, keepdim=True, bogus=1)', () => x.max(1, { keepdim: true, bogus: 1 } as never)],
  ['x.min(0)', () => x.min(0)],
  ['torch.min(x, other=v)', () => torch.min(x, { other: v })],
  ['x.min(dim=0, keepdim=True)', () => x.min({ dim: 0, keepdim: true })],
  ['torch.amax(x)', () => torch.amax(x)],
  ['x.amax(1)', () => x.amax(1)],
  ['x.amax(dim=[0, 1], keepdim=True)', () => x.amax({ dim: [0, 1], keepdim: true })],
  ['torch.amin(input=x, dim=0)', () => torch.amin({ input: x, dim: 0 })],
  ['x.amax(1, 1)', () => x.amax(1, 1 as never)],
  ['x.amin(1.5)', () => x.amin(1.5)],
  ['x.amax(1, dim=1)', () => x.amax(1, { dim: 1 } as never)],
  ['torch.argmax(x)', () => torch.argmax(x)],
  ['x.argmax(1, True)', () => x.argmax(1, true)],
  ['x.argmax(dim=None, keepdim=True)', () => x.argmax({ dim: null, keepdim: true })],
  ['torch.argmin(input=x, dim=0)', () => torch.argmin({ input: x, dim: 0 })],
  ['x.argmax(1.5)', () => x.argmax(1.5)],
  ['x.argmin([0])', () => x.argmin([0] as never)],
  ['x.argmax(0, bogus=1)', () => x.argmax(0, { bogus: 1 } as never)],
  ['torch.cumsum(x, 1)', () => torch.cumsum(x, 1)],
  ['x.cumsum(dim=0)', () => x.cumsum({ dim: 0 })],
  ['x.cumsum(0, dtype=torch.int64)', () => x.cumsum(0, { dtype: torch.int64 })],
  ['x.cumsum()', () => (x.cumsum as () => unknown)()],
  ['x.cumsum(0, torch.float64)', () => x.cumsum(0, torch.float64 as never)],
  ['x.clone().cumsum_(1)', () => x.clone().cumsum_(1)],
  ['x.clone().cumsum_(dim=0)', () => x.clone().cumsum_({ dim: 0 })],
  ['x.clone().cumsum_()', () => (x.clone().cumsum_ as () => unknown)()],
  ['x.clone().cumsum_(0, bogus=1)', () => x.clone().cumsum_(0, { bogus: 1 } as never)],
  ['x.clone().cumsum_(0, torch.float64)', () => x.clone().cumsum_(0, torch.float64 as never)],
  ['x.clone().cumsum_(0, dtype=torch.float64)', () => x.clone().cumsum_(0, { dtype: torch.float64 })],
  ['x.clone().cumprod_(1)', () => x.clone().cumprod_(1)],
  ['x.clone().cumprod_(dim=1, dtype=torch.float32)', () => x.clone().cumprod_({ dim: 1, dtype: torch.float32 })],
  ["x.clone().cumprod_('a')", () => x.clone().cumprod_('a' as never)],
  ['list(torch.softmax(x, 1).shape)', () => torch.softmax(x, 1).shape],
  ['x.softmax(dim=0).argmax(0)', () => x.softmax({ dim: 0 }).argmax(0)],
  ['x.softmax(1, torch.float64).dtype', () => x.softmax(1, torch.float64).dtype],
  ['torch.log_softmax(input=x, dim=1, dtype=torch.float64).dtype', () => torch.log_softmax({ input: x, dim: 1, dtype: torch.float64 }).dtype],
  ['x.log_softmax(1, dtype=torch.float64).dtype', () => x.log_softmax(1, { dtype: torch.float64 }).dtype],
  ['x.softmax()', () => (x.softmax as () => unknown)()],
  ['x.softmax(1, bogus=1)', () => x.softmax(1, { bogus: 1 } as never)],
  ['x.softmax(1.5)', () => x.softmax(1.5)],
  ['x.log_softmax(1, dim=1)', () => x.log_softmax(1, { dim: 1 } as never)],
  ['torch.cumprod(x, 0)', () => torch.cumprod(x, 0)],
  ['torch.cumprod(input=x, dim=1, dtype=torch.float64).dtype', () => torch.cumprod({ input: x, dim: 1, dtype: torch.float64 }).dtype],
  ['x.cumprod(0, keepdim=True)', () => x.cumprod(0, { keepdim: true } as never)],
  ['torch.tensor([1, 2], dtype=torch.int32).cumsum_(0)', () => torch.tensor([1, 2], { dtype: torch.int32 }).cumsum_(0)],
  ['torch.tensor([1, 2], dtype=torch.int32).cumsum_(0).dtype', () => torch.tensor([1, 2], { dtype: torch.int32 }).cumsum_(0).dtype],
  ['torch.tensor([3, 4], dtype=torch.int8).cumprod_(0)', () => torch.tensor([3, 4], { dtype: torch.int8 }).cumprod_(0)],
  ['torch.ones(1).expand(3).cumsum_(0)', () => torch.ones([1]).expand(3).cumsum_(0)],
  ['torch.tensor([True, False]).cumsum_(0)', () => torch.tensor([true, false]).cumsum_(0)],
  ['torch.tensor([1, 2]).cumsum(0, dtype=torch.bool)', () => torch.tensor([1, 2]).cumsum(0, { dtype: torch.bool })],
  ['torch.tensor([1, 2, 3]).softmax(0)', () => torch.tensor([1, 2, 3]).softmax(0)],
  ['torch.ones(2, 2, dtype=torch.bool).mm(torch.ones(2, 2, dtype=torch.bool))', () => torch.ones([2, 2], { dtype: torch.bool }).mm(torch.ones([2, 2], { dtype: torch.bool }))],
  ['torch.ones(2, 2, dtype=torch.bool).mv(torch.ones(2, dtype=torch.bool))', () => torch.ones([2, 2], { dtype: torch.bool }).mv(torch.ones([2], { dtype: torch.bool }))],
  ['torch.matmul(x, m)', () => torch.matmul(x, m)],
  ['x.matmul(other=m)', () => x.matmul({ other: m })],
  ['torch.matmul(input=x, other=m)', () => torch.matmul({ input: x, other: m })],
  ['torch.matmul(x, 1)', () => torch.matmul(x, 1 as never)],
  ['x.matmul()', () => (x.matmul as () => unknown)()],
  ['x.matmul(m, m)', () => x.matmul(m, m as never)],
  ['x.matmul(m, other=m)', () => x.matmul(m, { other: m } as never)],
  ['torch.mm(x, m)', () => torch.mm(x, m)],
  ['x.mm(mat2=m)', () => x.mm({ mat2: m })],
  ['torch.mm(input=x, mat2=m)', () => torch.mm({ input: x, mat2: m })],
  ['x.mm(m, torch.float32)', () => x.mm(m, torch.float32 as never)],
  ['torch.mm(x)', () => (torch.mm as (a: unknown) => unknown)(x)],
  ['x.mm(bogus=m)', () => x.mm({ bogus: m } as never)],
  ['x.mm(1)', () => x.mm(1 as never)],
  ['torch.bmm(b23, c34)', () => torch.bmm(b23, c34)],
  ['b23.bmm(mat2=c34)', () => b23.bmm({ mat2: c34 })],
  ['b23.bmm(c34, c34)', () => b23.bmm(c34, c34 as never)],
  ['torch.mv(x, v)', () => torch.mv(x, v)],
  ['x.mv(vec=v)', () => x.mv({ vec: v })],
  ['torch.mv(input=x, vec=v)', () => torch.mv({ input: x, vec: v })],
  ['x.mv(v, v)', () => x.mv(v, v as never)],
  ['x.mv()', () => (x.mv as () => unknown)()],
  ['torch.dot(v, v)', () => torch.dot(v, v)],
  ['v.dot(tensor=v)', () => v.dot({ tensor: v })],
  ['torch.dot(input=v, tensor=v)', () => torch.dot({ input: v, tensor: v })],
  ['torch.dot(v, other=v)', () => torch.dot(v, { other: v } as never)],
  ['v.dot(v, v)', () => v.dot(v, v as never)],
  ['torch.outer(v, v)', () => torch.outer(v, v)],
  ['v.outer(vec2=v)', () => v.outer({ vec2: v })],
  ['torch.ger(input=v, vec2=v)', () => torch.ger({ input: v, vec2: v })],
  ['v.ger(v, v)', () => v.ger(v, v as never)],
  ['v.outer(1)', () => v.outer(1 as never)],
  ['torch.addmm(v[:2, None].expand(2, 2).contiguous(), x, m)', () => torch.addmm(v.narrow(0, 0, 2).unsqueeze(1).expand(2, 2).contiguous(), x, m)],
  ['torch.addmm(x[:, :2].contiguous(), x, m, beta=0.5, alpha=2)', () => torch.addmm(x2(), x, m, { beta: 0.5, alpha: 2 })],
  ['torch.addmm(input=x[:, :2].contiguous(), mat1=x, mat2=m, alpha=2)', () => torch.addmm({ input: x2(), mat1: x, mat2: m, alpha: 2 })],
  ['x[:, :2].addmm(x, m, beta=2)', () => x.narrow(1, 0, 2).addmm(x, m, { beta: 2 })],
  ['x[:, :2].addmm(mat1=x, mat2=m, alpha=True)', () => x.narrow(1, 0, 2).addmm({ mat1: x, mat2: m, alpha: true })],
  ['x[:, :2].contiguous().addmm_(x, m, beta=0.5)', () => x2().addmm_(x, m, { beta: 0.5 })],
  ['x[:, :2].contiguous().addmm_(mat1=x, mat2=m)', () => x2().addmm_({ mat1: x, mat2: m })],
  ['x[:, :2].addmm(x, m, 2)', () => x.narrow(1, 0, 2).addmm(x, m, 2 as never)],
  ["x[:, :2].addmm(x, m, beta='a')", () => x.narrow(1, 0, 2).addmm(x, m, { beta: 'a' as never })],
  ['x[:, :2].addmm(x)', () => x.narrow(1, 0, 2).addmm(x as never)],
  ['x[:, :2].addmm_(x, m, bogus=1)', () => x2().addmm_(x, m, { bogus: 1 } as never)],
  ['x[:1, :2].contiguous().addmm_(x, m)', () => x.narrow(0, 0, 1).narrow(1, 0, 2).contiguous().addmm_(x, m)],
  ['torch.baddbmm(torch.zeros(2, 2, 4), b23, c34, beta=0.5)', () => torch.baddbmm(torch.zeros([2, 2, 4]), b23, c34, { beta: 0.5 })],
  ['torch.zeros(2, 2, 4).baddbmm(b23, c34, alpha=2)', () => torch.zeros([2, 2, 4]).baddbmm(b23, c34, { alpha: 2 })],
  ['torch.zeros(2, 2, 4).baddbmm_(batch1=b23, batch2=c34)', () => torch.zeros([2, 2, 4]).baddbmm_({ batch1: b23, batch2: c34 })],
  ['torch.zeros(2, 2, 4).baddbmm(b23, c34, 1)', () => torch.zeros([2, 2, 4]).baddbmm(b23, c34, 1 as never)],
  ['torch.zeros(2, 2, 4).baddbmm_(b23)', () => torch.zeros([2, 2, 4]).baddbmm_(b23 as never)],
  ['torch.zeros(2, 4).baddbmm_(b23, c34)', () => torch.zeros([2, 4]).baddbmm_(b23, c34)],
  ['torch.nn.functional.linear(x, m.t())', () => torch.linear(x, m.t())],
  ['torch.nn.functional.linear(x, m.t(), bias=v[:2])', () => torch.linear(x, m.t(), { bias: v.narrow(0, 0, 2) })],
  ['torch.nn.functional.linear(input=x, weight=m.t(), bias=None)', () => torch.linear({ input: x, weight: m.t(), bias: null })],
  ['torch.nn.functional.linear(x)', () => (torch.linear as (a: unknown) => unknown)(x)],
  ['torch.nn.functional.linear(x, m.t(), v[:2], 1)', () => torch.linear(x, m.t(), v.narrow(0, 0, 2), 1 as never)],
  ['torch.nn.functional.linear(x, m.t(), bogus=1)', () => torch.linear(x, m.t(), { bogus: 1 } as never)],
];

/**
 * Calls refused as PyTorch refuses them, whose PyTorch message names what wick deliberately leaves
 * out (out= in the list of overloads). These rows check the refusal and its kind; PYTORCH keeps
 * PyTorch's exact message.
 */
const binderWording: Record<string, string> = {
  'torch.mm(x)': "PyTorch's list of overloads shows the out= parameter, which wick leaves out of every signature",
};

/** A result as PyTorch's record has it: tolist(), a named tuple's fields, or the dtype's name. */
function asRecorded(r: unknown): unknown {
  if (Array.isArray(r) && 'values' in r && 'indices' in r) {
    const t = r as unknown as { values: torch.Tensor; indices: torch.Tensor };
    return { values: t.values.tolist(), indices: t.indices.tolist() };
  }
  if (r instanceof torch.Tensor) {
    const value = r.tolist();
    return typeof value === 'boolean' || Array.isArray(value) ? value : Number(value);
  }
  return typeof r === 'string' ? `torch.${r}` : r;
}

describe('call forms against PyTorch', () => {
  it('has a recorded PyTorch result for every row', () => {
    expect(rows.map(([python]) => python).filter((p) => !(p in PYTORCH))).toEqual([]);
  });
  for (const [python, call] of rows) {
    it(python, () => {
      const expected = PYTORCH[python]!;
      if ('value' in expected) {
        expect(asRecorded(call())).toEqual(expected.value);
        return;
      }
      let thrown: unknown;
      try {
        call();
      } catch (e) {
        thrown = e;
      }
      expect(torch.WickError.isInstance(thrown), String(thrown)).toBe(true);
      if (python in binderWording) {
        expect(torch.ArgumentError.isInstance(thrown)).toBe(true);
        expect((thrown as Error).message.split('(')[0]).toBe(expected.message.split('(')[0]);
        return;
      }
      expect((thrown as torch.WickError).message).toBe(expected.message);
      expect((thrown as torch.WickError).pytorchType).toBe(expected.error);
    });
  }
});

describe("PyTorch's out_dtype overloads", () => {
  // They bind (so a wrong call lists them, as PyTorch does) and fail as PyTorch 2.13 fails on the
  // CPU, which has no kernel for them: "Could not run 'aten::mm.dtype' with arguments from the 'CPU'
  // backend. This could be because ..." (wick keeps the first sentence).
  it.each([
    // (wick's TypeScript types leave these overloads out: Reflect.apply calls them untyped.)
    ['mm', () => Reflect.apply(torch.mm, undefined, [x, m, torch.float32])],
    ['bmm', () => Reflect.apply(torch.bmm, undefined, [b23, c34, torch.float32])],
    ['addmm', () => Reflect.apply(torch.addmm, undefined, [x2(), x, m, torch.float32, { beta: 2 }])],
    ['baddbmm', () => Reflect.apply(torch.baddbmm, undefined, [torch.zeros([2, 2, 4]), b23, c34, torch.float32])],
  ])('%s', (op, call) => {
    let thrown: unknown;
    try {
      call();
    } catch (e) {
      thrown = e;
    }
    expect((thrown as Error).message).toBe(`Could not run 'aten::${op}.dtype' with arguments from the 'CPU' backend.`);
    expect((thrown as torch.WickError).pytorchType).toBe('NotImplementedError');
  });
});
