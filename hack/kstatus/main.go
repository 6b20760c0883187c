// Command kstatus prints the verdict of sigs.k8s.io/cli-utils' kstatus library (what Flux's health checks and
// `kpt live status` use) for Kubernetes objects read as JSON on standard input: one object, or a List with items.
// The integration tests (src/test/java/io/computemirror/testing/Kstatus.java) run it on live objects, so the
// project's conditions are checked by the real library, not by a re-implementation of its rules.
//
// Output: one JSON line per object: {"kind","namespace","name","status","message"}.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

type verdict struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name"`
	Status    string `json:"status"`
	Message   string `json:"message"`
}

func main() {
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail("reading standard input: %v", err)
	}
	var obj unstructured.Unstructured
	if err := obj.UnmarshalJSON(in); err != nil {
		fail("standard input is not a Kubernetes object in JSON: %v", err)
	}
	objects := []unstructured.Unstructured{obj}
	if obj.IsList() {
		list, err := obj.ToList()
		if err != nil {
			fail("reading the list: %v", err)
		}
		objects = list.Items
	}
	out := json.NewEncoder(os.Stdout)
	for i := range objects {
		result, err := status.Compute(&objects[i])
		if err != nil {
			fail("kstatus could not compute the status of %s %s: %v", objects[i].GetKind(), objects[i].GetName(), err)
		}
		_ = out.Encode(verdict{
			Kind:      objects[i].GetKind(),
			Namespace: objects[i].GetNamespace(),
			Name:      objects[i].GetName(),
			Status:    result.Status.String(),
			Message:   result.Message,
		})
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "kstatus: "+format+"\n", args...)
	os.Exit(2)
}
