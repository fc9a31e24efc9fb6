// The provider simulator lives in @hub/simulators; tests call it "the downstream".
export { startProviderSimulator as startDownstream, faults, type Downstream, type DownstreamRequest, type ProviderSimulatorOptions } from '@hub/simulators';
