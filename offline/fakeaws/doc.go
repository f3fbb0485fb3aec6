// Package fakeaws is a deterministic model of the AWS account that the stand-in Pulumi providers and the
// Pulumi unit-test mocks share.
//
// The model works on resource.PropertyMap values as the Pulumi engine sends them to a resource provider.
// It reproduces what the engine can observe of the real aws provider (pulumi-aws v6.83.4). That covers
// autonamed physical names, schema defaults, ids and ARNs in the real formats, and computed outputs that
// are unknown during a preview. It also covers the properties whose change forces a replacement and the
// data sources a program usually calls. The model stores no state. Every value is derived from the
// resource type, its logical name, its URN or its inputs, so the same program always produces the same ids.
//
// Types without an entry in the model fall back to a generic id and ARN (see genericSpec), so a program
// that uses a new type still runs.
package fakeaws
