// Command sdkgen writes the Python and Go SDKs of mesh-egress from its package schema, with
// Pulumi's own code generators (the packages `pulumi package gen-sdk` hands to the language
// plugins), so no language plugin is needed.
//
//	sdkgen -schema schema.json -kubernetes-schema <provider module>/schema.json \
//	       -kubernetes-version 4.34.2 -kubernetes-go-sdk v4.32.0 -out sdk
//
// scripts/gen-sdks.sh (npm run gen-sdks) runs it with the versions the repository pins.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"golang.org/x/mod/modfile"
)

const tool = "mesh-egress-sdkgen"

func readSpec(file string) schema.PackageSpec {
	data, err := os.ReadFile(file)
	check(err, "reading "+file)
	var spec schema.PackageSpec
	check(json.Unmarshal(data, &spec), "parsing "+file)
	return spec
}

func check(err error, doing string) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %s: %v\n", doing, err)
		os.Exit(1)
	}
}

// noPackages refuses every package: the loader serves only what it was seeded with.
type noPackages struct{}

func (noPackages) LoadPackage(name string, version *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("package %s@%v is not available to sdkgen", name, version)
}

func (l noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, d.Version)
}

func (l noPackages) LoadPackageReference(name string, version *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("package %s@%v is not available to sdkgen", name, version)
}

func (l noPackages) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, d.Version)
}

// kubernetesLoader answers the component schema's references to the Kubernetes package (the
// provider output and the toleration and affinity types) from that package's own schema, bound
// at the version the references name, and refuses any other package.
func kubernetesLoader(file, version string) schema.ReferenceLoader {
	spec := readSpec(file)
	spec.Version = version
	pkg, err := schema.ImportSpec(spec, nil, noPackages{}, schema.ValidationOptions{})
	check(err, "binding the Kubernetes schema")
	v := semver.MustParse(version)
	return schema.NewCachedLoaderWithEntries(noPackages{}, map[string]schema.PackageReference{
		fmt.Sprintf("%s:%s", spec.Name, v.String()): pkg.Reference(),
	})
}

// requireKubernetes adds the Kubernetes Go SDK to the generated go.mod: the generator requires
// only Pulumi's SDK, though the package imports the Kubernetes one (the provider output's type).
func requireKubernetes(gomod []byte, version string) []byte {
	file, err := modfile.Parse("go.mod", gomod, nil)
	check(err, "parsing the generated go.mod")
	check(file.AddRequire("github.com/pulumi/pulumi-kubernetes/sdk/v4", version), "requiring the Kubernetes Go SDK")
	formatted, err := file.Format()
	check(err, "formatting go.mod")
	return formatted
}

// write replaces dir with exactly the generated files, so a removed type leaves no stale file.
func write(dir string, files map[string][]byte) {
	check(os.RemoveAll(dir), "clearing "+dir)
	for name, content := range files {
		file := filepath.Join(dir, name)
		check(os.MkdirAll(filepath.Dir(file), 0o755), "creating "+filepath.Dir(file))
		check(os.WriteFile(file, content, 0o644), "writing "+file)
	}
}

func main() {
	schemaFile := flag.String("schema", "", "the mesh-egress package schema (JSON)")
	kubernetesSchema := flag.String("kubernetes-schema", "", "the Kubernetes provider's package schema (JSON)")
	kubernetesVersion := flag.String("kubernetes-version", "", "the Kubernetes package version the schema's references name")
	kubernetesGoSDK := flag.String("kubernetes-go-sdk", "", "the Kubernetes Go SDK version the Go SDK's go.mod requires")
	out := flag.String("out", "", "the SDK directory: python/ and go/ are written under it")
	flag.Parse()
	if *schemaFile == "" || *kubernetesSchema == "" || *kubernetesVersion == "" || *kubernetesGoSDK == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	loader := kubernetesLoader(*kubernetesSchema, *kubernetesVersion)
	spec := readSpec(*schemaFile)
	// Each generator binds its own copy: the Python one renames enum members in the bound package.
	bind := func() *schema.Package {
		pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{})
		check(err, "binding the schema")
		if diags.HasErrors() {
			check(diags, "validating the schema")
		}
		return pkg
	}
	pythonFiles, err := python.GeneratePackage(tool, bind(), nil, loader)
	check(err, "generating the Python SDK")
	goFiles, err := gogen.GeneratePackage(tool, bind(), nil)
	check(err, "generating the Go SDK")
	goFiles["go.mod"] = requireKubernetes(goFiles["go.mod"], *kubernetesGoSDK)
	write(filepath.Join(*out, "python"), pythonFiles)
	write(filepath.Join(*out, "go"), goFiles)
}
