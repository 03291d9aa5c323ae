// Command driver runs one engine operation on a MeshEgress stack declared through the Go SDK.
//
// The program is inline (served from this process by the Automation API), so no Go language host
// is needed: only the `pulumi` CLI, the Kubernetes provider and `pulumi-resource-mesh-egress` on
// PATH. The request is one JSON object on stdin (tests/engine/sdkDriver.ts: DriverRequest); the
// answer is one JSON object on stdout (DriverResult): the engine's steps, the change summary, the
// stack outputs, or the error the operation failed with.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"

	"github.com/mesh-egress/mesh-egress/sdk/go/meshegress"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type request struct {
	Operation  string            `json:"operation"`
	Scenario   string            `json:"scenario"`
	StackName  string            `json:"stackName"`
	Project    string            `json:"project"`
	WorkDir    string            `json:"workDir"`
	PulumiHome string            `json:"pulumiHome"`
	BackendURL string            `json:"backendUrl"`
	Kubeconfig string            `json:"kubeconfig"`
	Env        map[string]string `json:"env"`
}

type step struct {
	Phase  string         `json:"phase"`
	Op     string         `json:"op"`
	Type   string         `json:"type"`
	Name   string         `json:"name"`
	Inputs map[string]any `json:"inputs,omitempty"`
}

type output struct {
	Value  any  `json:"value"`
	Secret bool `json:"secret"`
}

type result struct {
	Steps   []step            `json:"steps"`
	Changes map[string]int    `json:"changes"`
	Outputs map[string]output `json:"outputs"`
	Error   string            `json:"error,omitempty"`
}

func typeName(v any) string { return fmt.Sprintf("%T", v) }

func program(scenario string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		declare, ok := scenarios[scenario]
		if !ok {
			return fmt.Errorf("unknown scenario %q", scenario)
		}
		egress, err := declare(ctx)
		if err != nil {
			return err
		}
		// Every output the generated struct declares, by its schema name (its `pulumi` tag).
		fields := reflect.ValueOf(egress).Elem()
		for i := 0; i < fields.NumField(); i++ {
			name := fields.Type().Field(i).Tag.Get("pulumi")
			if out, ok := fields.Field(i).Interface().(pulumi.Output); ok && name != "" {
				ctx.Export(name, out)
			}
		}
		// What the SDK hands the program, by type: generated output structs, the Kubernetes SDK's Provider.
		ctx.Export("listenerTypes", egress.Listeners.ApplyT(func(ls []meshegress.GatewayListener) []string {
			return distinctTypes(ls, func(l meshegress.GatewayListener) any { return l })
		}))
		ctx.Export("portTypes", egress.Listeners.ApplyT(func(ls []meshegress.GatewayListener) []string {
			return distinctTypes(ls, func(l meshegress.GatewayListener) any { return l.Port })
		}))
		ctx.Export("providerType", egress.KubernetesProvider.ApplyT(func(p *kubernetes.Provider) string { return typeName(p) }))
		ctx.Export("providerIsKubernetes", egress.KubernetesProvider.ApplyT(func(p *kubernetes.Provider) bool { return p != nil }))
		return nil
	}
}

func distinctTypes[T any](items []T, pick func(T) any) []string {
	seen := map[string]bool{}
	for _, item := range items {
		seen[typeName(pick(item))] = true
	}
	names := make([]string, 0, len(seen))
	for name := range seen {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func stepOf(phase string, m apitype.StepEventMetadata) step {
	s := step{Phase: phase, Op: string(m.Op), Type: m.Type, Name: m.URN[strings.LastIndex(m.URN, "::")+2:]}
	if m.New != nil {
		s.Inputs = m.New.Inputs
	}
	return s
}

// collect gathers the engine's step events until the operation closes the channel.
func collect(ch <-chan events.EngineEvent, into *[]step, done chan<- struct{}) {
	for event := range ch {
		if event.ResourcePreEvent != nil {
			*into = append(*into, stepOf("pre", event.ResourcePreEvent.Metadata))
		} else if event.ResOutputsEvent != nil {
			*into = append(*into, stepOf("done", event.ResOutputsEvent.Metadata))
		}
	}
	close(done)
}

func run(ctx context.Context, req request) (result, error) {
	res := result{Steps: []step{}, Changes: map[string]int{}, Outputs: map[string]output{}}
	project := workspace.Project{
		Name:    tokens.PackageName(req.Project),
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
		Backend: &workspace.ProjectBackend{URL: req.BackendURL},
	}
	stack, err := auto.UpsertStackInlineSource(ctx, req.StackName, req.Project, program(req.Scenario),
		auto.WorkDir(req.WorkDir), auto.PulumiHome(req.PulumiHome), auto.Project(project), auto.EnvVars(req.Env))
	if err != nil {
		return res, err
	}
	if err := stack.SetConfig(ctx, "kubeconfig", auto.ConfigValue{Value: req.Kubeconfig, Secret: true}); err != nil {
		return res, err
	}
	ch := make(chan events.EngineEvent)
	done := make(chan struct{})
	go collect(ch, &res.Steps, done)
	var opErr error
	switch req.Operation {
	case "preview":
		var r auto.PreviewResult
		r, opErr = stack.Preview(ctx, optpreview.EventStreams(ch))
		for op, n := range r.ChangeSummary {
			res.Changes[string(op)] = n
		}
	case "up":
		var r auto.UpResult
		r, opErr = stack.Up(ctx, optup.EventStreams(ch))
		if r.Summary.ResourceChanges != nil {
			res.Changes = *r.Summary.ResourceChanges
		}
	case "destroy":
		var r auto.DestroyResult
		r, opErr = stack.Destroy(ctx, optdestroy.EventStreams(ch))
		if r.Summary.ResourceChanges != nil {
			res.Changes = *r.Summary.ResourceChanges
		}
	default:
		return res, fmt.Errorf("unknown operation %q", req.Operation)
	}
	<-done
	if opErr != nil {
		res.Error = opErr.Error()
		return res, nil
	}
	outputs, err := stack.Outputs(ctx)
	if err != nil {
		return res, err
	}
	for name, v := range outputs {
		res.Outputs[name] = output{Value: v.Value, Secret: v.Secret}
	}
	return res, nil
}

func main() {
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		fmt.Fprintf(os.Stderr, "driver: reading the request: %v\n", err)
		os.Exit(2)
	}
	res, err := run(context.Background(), req)
	if err != nil {
		fmt.Fprintf(os.Stderr, "driver: %v\n", err)
		os.Exit(1)
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fmt.Fprintf(os.Stderr, "driver: writing the result: %v\n", err)
		os.Exit(1)
	}
}
