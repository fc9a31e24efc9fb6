export { DriftDetector, readObservedShapes, type DriftDetectorOptions, type ObservePayload } from './drift-detector.js';
export { extractShape, shapeHash, shapeSignature, jsonType, type JsonType, type PayloadShape, type ShapeEntry } from './payload-shape.js';
export { diffShape, mergeShape, isEmptyDiff, EMPTY_OBSERVED, type ObservedPath, type ObservedShape, type SchemaDiff } from './shape-diff.js';
export { listDrift, type DriftReport } from './list-drift.js';
export { acceptDrift, type AcceptDriftInput, type AcceptedDrift } from './accept-drift.js';
export { listPendingDrift, foldDiffs, NEW_SHAPE_SCAN_CAP, type PendingDrift } from './pending-drift.js';
export { shapeJsonPath } from './shape-json-path.js';
