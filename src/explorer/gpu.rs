//! Finding a graphics adapter before Bevy does, so that a machine without one gets a clear
//! message and exit code 3 instead of a panic deep inside the renderer.

use bevy::render::settings::{Backends, WgpuSettings};

/// Exit code when no graphics adapter can be found.
pub const EXIT_NO_ADAPTER: u8 = 3;

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

/// Look for an adapter on the backends Bevy will use. Returns its name, or the message.
pub fn probe() -> Result<String, String> {
    let mut desc = wgpu::InstanceDescriptor::new_without_display_handle_from_env();
    desc.backends = backends();
    let instance = wgpu::Instance::new(desc);
    let options = wgpu::RequestAdapterOptions {
        power_preference: wgpu::PowerPreference::from_env()
            .unwrap_or(wgpu::PowerPreference::HighPerformance),
        force_fallback_adapter: false,
        compatible_surface: None,
    };
    match bevy::tasks::block_on(instance.request_adapter(&options)) {
        Ok(adapter) => Ok(adapter.get_info().name),
        Err(_) => Err(no_adapter_message()),
    }
}
