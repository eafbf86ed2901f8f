//! Choosing the graphics backend, and making a machine without an adapter get a clear message
//! and exit code 3 instead of a panic deep inside the renderer.

use bevy::render::settings::{Backends, WgpuSettings};

use crate::atlas::exit::EXIT_NO_ADAPTER;

/// The backends to use: `WGPU_BACKEND` when set; otherwise Vulkan on Linux (where Mesa's
/// software renderer, lavapipe, is the fallback; the GL fallback, llvmpipe, is far slower and
/// less reliable), and the platform default elsewhere.
pub fn backends() -> Backends {
    if let Some(b) = Backends::from_env() {
        return b;
    }
    if cfg!(target_os = "linux") {
        Backends::VULKAN
    } else {
        Backends::PRIMARY
    }
}

pub fn wgpu_settings() -> WgpuSettings {
    WgpuSettings {
        backends: Some(backends()),
        ..Default::default()
    }
}

/// What to tell the user when there is no adapter.
pub fn no_adapter_message() -> String {
    "error: no graphics adapter found (no GPU driver and no software renderer)\n  \
     = help: on Debian or Ubuntu install Mesa's software renderer: \
     sudo apt-get install mesa-vulkan-drivers\n  \
     = help: to choose a backend, set WGPU_BACKEND (vulkan, gl, metal, dx12)"
        .to_string()
}

/// Whether Bevy's renderer runs on a software rasterizer (lavapipe, llvmpipe, WARP).
pub fn software_renderer(adapter: Option<&bevy::render::renderer::RenderAdapterInfo>) -> bool {
    adapter.is_some_and(|a| a.device_type == wgpu::DeviceType::Cpu)
}

/// Whether a panic message is the renderer's "no adapter" failure.
pub fn is_no_adapter_panic(message: &str) -> bool {
    message.contains("Unable to find a GPU")
}

/// Turn the renderer's "no adapter" panic into [`no_adapter_message`] and exit code 3; every
/// other panic goes on to the hook that was there before. Call it before building the app.
///
/// Bevy's renderer is the one place that looks for the adapter: a probe of our own before it
/// cost a second Vulkan start-up, about 100 ms on lavapipe (BENCHMARKS.md).
pub fn exit_cleanly_without_adapter() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info.payload_as_str().is_some_and(is_no_adapter_panic) {
            eprintln!("{}", no_adapter_message());
            std::process::exit(EXIT_NO_ADAPTER.into());
        }
        previous(info);
    }));
}
