package infra

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// PlatformFunctionNames are the short names of the platform's functions. The Go package of each is
// ./functions/<name> in the module of this repository, and PlatformArgs.FunctionArchives takes a
// prebuilt zip under the same name.
var PlatformFunctionNames = []string{"me", "uploads", "files", "quarantine", "validate", "originsecret"}

// edgeFunctionName is the function that only the edge creates: the rotation of the origin secret.
const edgeFunctionName = "originsecret"

// validate checks the arguments the platform itself reads and then, through componentErrors, the
// arguments of every component it creates, so an invalid input fails before anything is registered.
func (args PlatformArgs) validate(name string) error {
	var errs []error
	if args.NamePrefix == "" {
		errs = append(errs, fmt.Errorf("platform %q: NamePrefix is empty; set it to <project>-<stack>", name))
	}
	for _, function := range slices.Sorted(maps.Keys(args.FunctionArchives)) {
		path := args.FunctionArchives[function]
		switch {
		case !slices.Contains(PlatformFunctionNames, function):
			errs = append(errs, fmt.Errorf("platform %q: FunctionArchives has an archive of %q, which is no "+
				"function of the platform; use one of %s", name, function, strings.Join(PlatformFunctionNames, ", ")))
		case path == "":
			errs = append(errs, fmt.Errorf("platform %q: FunctionArchives[%q] is empty; set the path of the "+
				"function's zip or remove the entry to build it from SourceDir", name, function))
		}
	}
	if args.SourceDir == "" {
		var missing []string
		for _, function := range PlatformFunctionNames {
			if function == edgeFunctionName && !args.Edge.Enabled {
				continue
			}
			if _, ok := args.FunctionArchives[function]; !ok {
				missing = append(missing, function)
			}
		}
		if len(missing) > 0 {
			errs = append(errs, fmt.Errorf("platform %q: SourceDir is empty and FunctionArchives has no archive "+
				"of %s; set SourceDir to the Go module of this repository or add the missing archives",
				name, strings.Join(missing, ", ")))
		}
	}
	// The components' validators need a name prefix, and each of them would report an empty one again.
	if args.NamePrefix != "" {
		errs = append(errs, args.componentErrors(name)...)
	}
	return errors.Join(errs...)
}

// withCode returns functionArgs with the code of the platform's function short: its prebuilt archive
// when FunctionArchives has one, else the package ./functions/<short> of SourceDir.
func (args PlatformArgs) withCode(functionArgs GoFunctionArgs, short string) GoFunctionArgs {
	if archive, ok := args.FunctionArchives[short]; ok {
		functionArgs.Archive = archive
		functionArgs.SourceDir = ""
		functionArgs.Package = ""
		return functionArgs
	}
	functionArgs.Archive = ""
	functionArgs.SourceDir = args.SourceDir
	functionArgs.Package = "./functions/" + short
	return functionArgs
}
