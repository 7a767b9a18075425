{
  "targets": [
    {
      "target_name": "plrf_linalg",
      "sources": ["src/addon.c", "src/tql.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-O3", "-std=c11", "-Wall", "-Wno-unused-parameter"],
      "conditions": [
        ["OS=='linux'", {
          "libraries": ["<!@(sh <(module_root_dir)/detect-blas.sh)", "-ldl"]
        }],
        ["OS=='mac'", {
          "defines": ["PLRF_ACCELERATE=1"],
          "libraries": ["-framework Accelerate"],
          "xcode_settings": { "OTHER_CFLAGS": ["-O3"] }
        }],
        ["OS=='win'", {
          "libraries": ["openblas.lib"]
        }]
      ]
    }
  ]
}
