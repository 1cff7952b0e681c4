// torch.export: load programs saved with torch.export.save (.pt2) and run their ATen graphs.
export { ExportError } from './errors.js';
