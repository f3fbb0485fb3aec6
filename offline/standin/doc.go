// Package standin implements stand-ins for the Pulumi resource providers aws (v6.83.4) and awsx (v2.22.0),
// for running the real Pulumi engine without an AWS account or the real provider plugins.
//
// The stand-ins implement the provider gRPC protocol (pulumirpc.ResourceProviderServer) and compute their
// responses with the fakeaws model. That model gives deterministic ids and ARNs, unknown computed outputs
// during previews and replacements for inputs that AWS cannot change in place. They keep no state of their own; the engine's state is the only record
// of what exists. The awsx stand-in builds the child resources of awsx:ec2:Vpc through the engine, so they
// reach the aws stand-in like any other resource.
package standin
