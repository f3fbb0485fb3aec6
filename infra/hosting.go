package infra

import (
	"fmt"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A component package registers a component's resource itself, with its own output type, and then
// builds infra's component into it. The BuildX functions below do that for the components whose NewX
// registers through registerComponent. While build runs, registerComponent of that type and name on
// that context returns the caller's resource instead of registering a second one. registerOutputs then
// leaves the outputs to the caller.

// hostKey identifies one component being built into a caller's resource.
type hostKey struct {
	ctx       *pulumi.Context
	typ, name string
}

// hosts maps a hostKey to the caller's resource while the component is being built.
var hosts sync.Map

// buildInto runs build with host standing in for the component of type typ and name.
func buildInto[T any](ctx *pulumi.Context, typ, name string, host pulumi.ComponentResource, build func() (T, error),
) (T, error) {
	key := hostKey{ctx: ctx, typ: typ, name: name}
	if _, loaded := hosts.LoadOrStore(key, host); loaded {
		var zero T
		return zero, fmt.Errorf("%s %q is already being built into a resource of the caller", typ, name)
	}
	defer hosts.Delete(key)
	return build()
}

// registerComponent registers component as a component resource of type typ and returns it, unless a
// BuildX call hosts the component: then it returns the caller's resource, already registered. Children
// are parented to the returned resource.
func registerComponent(ctx *pulumi.Context, typ, name string, component pulumi.ComponentResource,
	opts ...pulumi.ResourceOption,
) (pulumi.ComponentResource, error) {
	if host, ok := hosts.LoadAndDelete(hostKey{ctx: ctx, typ: typ, name: name}); ok {
		return host.(pulumi.ComponentResource), nil
	}
	return component, ctx.RegisterComponentResource(typ, name, component, opts...)
}

// registerOutputs registers the outputs of component when self, the resource registerComponent
// returned, is the component itself. A hosting caller registers the outputs of its own resource.
func registerOutputs(ctx *pulumi.Context, self, component pulumi.ComponentResource, outputs pulumi.Map) error {
	if self != component {
		return nil
	}
	return ctx.RegisterResourceOutputs(component, outputs)
}

// BuildNetwork creates the network's resources as children of host, a component resource of type
// NetworkType that the caller registered, such as the one the component package constructs. The caller
// registers host's outputs. The returned Network is not a registered resource itself.
func BuildNetwork(ctx *pulumi.Context, name string, args NetworkArgs, host pulumi.ComponentResource) (*Network, error) {
	return buildInto(ctx, NetworkType, name, host, func() (*Network, error) { return NewNetwork(ctx, name, args) })
}

// BuildUserFilesBucket creates the bucket's resources as children of host, a component resource of type
// UserFilesBucketType that the caller registered. The caller registers host's outputs. The returned
// UserFilesBucket is not a registered resource itself.
func BuildUserFilesBucket(ctx *pulumi.Context, name string, args UserFilesBucketArgs, host pulumi.ComponentResource,
) (*UserFilesBucket, error) {
	return buildInto(ctx, UserFilesBucketType, name, host, func() (*UserFilesBucket, error) {
		return NewUserFilesBucket(ctx, name, args)
	})
}

// BuildAuth creates the user pool's resources as children of host, a component resource of type
// AuthType that the caller registered. The caller registers host's outputs. The returned Auth is not a
// registered resource itself.
func BuildAuth(ctx *pulumi.Context, name string, args AuthArgs, host pulumi.ComponentResource) (*Auth, error) {
	return buildInto(ctx, AuthType, name, host, func() (*Auth, error) { return NewAuth(ctx, name, args) })
}

// BuildGoFunction creates the function's resources as children of host, a component resource of type
// GoFunctionType that the caller registered. The caller registers host's outputs. The returned
// GoFunction is not a registered resource itself.
func BuildGoFunction(ctx *pulumi.Context, name string, args GoFunctionArgs, host pulumi.ComponentResource,
) (*GoFunction, error) {
	return buildInto(ctx, GoFunctionType, name, host, func() (*GoFunction, error) {
		return NewGoFunction(ctx, name, args)
	})
}

// BuildAudit creates the trail's resources as children of host, a component resource of type AuditType
// that the caller registered. The caller registers host's outputs. The returned Audit is not a
// registered resource itself.
func BuildAudit(ctx *pulumi.Context, name string, args AuditArgs, host pulumi.ComponentResource) (*Audit, error) {
	return buildInto(ctx, AuditType, name, host, func() (*Audit, error) { return NewAudit(ctx, name, args) })
}

// BuildAccountBaseline creates the baseline's resources as children of host, a component resource of
// type BaselineType that the caller registered. The caller registers host's outputs. The returned
// Baseline is not a registered resource itself.
func BuildAccountBaseline(ctx *pulumi.Context, name string, args BaselineArgs, host pulumi.ComponentResource,
) (*Baseline, error) {
	return buildInto(ctx, BaselineType, name, host, func() (*Baseline, error) {
		return NewAccountBaseline(ctx, name, args)
	})
}

// BuildLogsKey creates the key as a child of host, a component resource of type LogsKeyType that the
// caller registered. The caller registers host's outputs. The returned LogsKey is not a registered
// resource itself.
func BuildLogsKey(ctx *pulumi.Context, name string, args LogsKeyArgs, host pulumi.ComponentResource,
) (*LogsKey, error) {
	return buildInto(ctx, LogsKeyType, name, host, func() (*LogsKey, error) { return NewLogsKey(ctx, name, args) })
}
