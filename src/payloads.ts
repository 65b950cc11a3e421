/**
 * Kustomer's payload shapes, from the spec through `generated/`: the one module that both the
 * adapter (which builds bodies) and the client (which sends them) import.
 */
import type { components } from '../generated/kustomer.js';

export type CustomerBody = components['schemas']['CustomerBody'];
export type CustomerResource = components['schemas']['CustomerResource'];
export type IdentityEventBody = components['schemas']['IdentityEventBody'];
export type TrackingIdentityResource = components['schemas']['TrackingIdentityResource'];
export type CompanyCreateBody = components['schemas']['CompanyCreateBody'];
export type CompanyUpdateBody = components['schemas']['CompanyUpdateBody'];
export type CompanyResource = components['schemas']['CompanyResource'];
