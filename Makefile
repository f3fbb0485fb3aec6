# Everyday commands. `make offline` and `make test` need only Go; `make preview` and `make up` need
# the standard Pulumi CLI, AWS credentials and a stack (STACK=dev by default). The backend comes from
# Pulumi.yaml (a local file backend in .pulumi-state) unless PULUMI_BACKEND_URL is set.

STACK    ?= dev
GO       ?= go
# DEV_ARGS passes flags to the local API, such as DEV_ARGS="-addr 127.0.0.1:18080" when 8080 is taken.
DEV_ARGS ?=
# Extra arguments for `pulumi up`, such as --yes where no one can answer its prompt.
PULUMI_ARGS ?=
# The stack's policy pack settings (exceptions, profile, levels), when the stack has a file of them.
POLICY_CONFIG ?= $(wildcard policy/config/$(STACK).json)
POLICY_ARGS := --policy-pack ./policy $(if $(POLICY_CONFIG),--policy-pack-config $(POLICY_CONFIG))

.PHONY: help offline offline-variant offline-baseline bench test lint preview up clean

## help: list the targets
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

## offline: preview, up and a no-change preview of STACK through the real engine, no AWS account needed
offline:
	$(GO) run ./offline/cmd/offline -stack $(STACK)

## offline-variant: the same run with a public bucket ACL; the policy pack must stop it
offline-variant:
	$(GO) run ./offline/cmd/offline -stack $(STACK) -variant public-bucket-acl

## offline-baseline: the same run of the account baseline project in baseline/ (stack STACK)
offline-baseline:
	$(GO) run ./offline/cmd/offline -project baseline -stack $(STACK)

## offline-yaml: the same run of the Pulumi YAML example in examples/yaml-platform (stack STACK) through plain
## CLI commands, with the YAML language host and the component provider built from provider/
.PHONY: offline-yaml
offline-yaml:
	$(GO) run ./offline/cmd/offline -project yaml -stack $(STACK)

## bench: benchmark figures as Markdown tables: Lambda cold start, handler and end-to-end latency, policy
## throughput beside its references (a do-nothing analyzer, five rules in Go and in Node.js; needs node and
## npm), offline run and build times (about 30 min on 2 cores, most of it the cold build);
## BENCHMARKS.md records a run
bench:
	$(GO) run ./bench/coldstart
	$(GO) test -run '^$$' -bench . -benchmem -count 6 ./functions/internal/authz ./functions/internal/request ./functions/internal/files ./functions/internal/fileapi
	$(GO) run ./bench/latency -concurrency 1
	$(GO) run ./bench/latency -concurrency 4
	$(GO) test -run '^$$' -bench BenchmarkAnalyze -benchtime 5x ./policy/mutation
	$(GO) run ./bench/policyref
	$(GO) run ./bench/offlinerun -stack $(STACK) -instances 1,2,4
	$(GO) run ./bench/buildtime

## test: every test, the offline-run tests and the component provider's module included (the first run
## builds the Pulumi CLI, the YAML language host and the provider)
test:
	$(GO) test -count=1 -timeout 40m ./...
	cd provider && $(GO) test -count=1 -timeout 30m ./...

## dev: the file API on 127.0.0.1:8080 with local S3 and Cognito (versitygw, cognito-local), the same
## handlers as the Lambdas; prints users and tokens; the first run installs the services into .offline/
.PHONY: dev
dev:
	$(GO) run ./functions/devapi $(DEV_ARGS)

## lint: formatting and vet
lint:
	@unformatted="$$(gofmt -l $$(git ls-files '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	cd provider && $(GO) vet ./...
	for module in tools/*/; do (cd "$$module" && $(GO) mod verify) || exit 1; done

## preview: policy-checked preview of STACK in a real AWS account
preview:
	pulumi preview --stack $(STACK) $(POLICY_ARGS)

## up: a policy-checked preview first, because stack policies only block at preview; then pulumi up,
## which shows its own preview and asks before it changes anything
up: preview
	pulumi up --stack $(STACK) $(POLICY_ARGS) $(PULUMI_ARGS)

## provider: the component package's binary provider/bin/pulumi-resource-secureserverless, embedding the
## functions built for arm64 and x86_64 (PROVIDER_VERSION sets its version, 0.1.0 by default)
PROVIDER_VERSION ?= 0.1.0
.PHONY: provider
provider:
	$(GO) run ./functions/cmd/archives -out provider/archives/zips
	cd provider && $(GO) build -trimpath -ldflags "-s -w -X main.Version=$(PROVIDER_VERSION)" \
		-o bin/pulumi-resource-secureserverless .

## clean: remove the offline run's work folder (CLI build, plugins, state)
clean:
	rm -rf .offline
