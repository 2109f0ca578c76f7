package eval

// JSONForm exposes jsonForm to the external tests, which hold it equal to ToUnstructured.
var JSONForm = jsonForm
