import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { Component } from './labels.js';

/**
 * Requests and limits per process. Memory: a worker and the console also run up to
 * HUB_JSONATA_PROCESSES (2) JSONata evaluator processes of HUB_JSONATA_MEMORY_MB (128) heap each.
 * CPU limits let a process burst to one core: Node runs JavaScript on one thread.
 */
export const RESOURCES: Readonly<Record<Component, IResourceRequirements>> = {
  ingress: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  relay: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  console: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '768Mi' } },
  worker: { requests: { cpu: '250m', memory: '384Mi' }, limits: { cpu: '1', memory: '1Gi' } },
  migrate: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
};
