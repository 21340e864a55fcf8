//! When the content script works: the batch at the next animation frame (what the user sees),
//! and what can wait — what was learned, on its way to the background — in the next idle
//! period (`requestIdleCallback`, with a timeout so that a page that is never idle still
//! sends). Each callback is made once and reused: gloo's one-shot frames made and freed a
//! closure for every frame, a cost paid 60 times a second while X streams posts in.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    type IdleWindow;
    #[wasm_bindgen(method, catch, js_name = requestIdleCallback)]
    fn request_idle_callback(
        this: &IdleWindow,
        callback: &js_sys::Function,
        options: &js_sys::Object,
    ) -> Result<u32, JsValue>;
    #[wasm_bindgen(method, catch, js_name = cancelIdleCallback)]
    fn cancel_idle_callback(this: &IdleWindow, handle: u32) -> Result<(), JsValue>;
}

/// How an idle call was asked for (to cancel it the same way).
#[derive(Clone, Copy)]
enum Idle {
    /// Waiting for `IDLE_GAP_MS` before asking for the idle period.
    Gap(i32),
    Callback(u32),
    Timer(i32),
}

/// An idle call is asked for at most this often: while X streams posts in, every frame learns
/// something, and asking for an idle period at every frame cost more than the hand-off itself.
const IDLE_GAP_MS: i32 = 250;

/// The two reusable callbacks and what is pending. Dropping it cancels both.
pub struct Pace {
    window: web_sys::Window,
    on_frame: Closure<dyn FnMut(f64)>,
    on_idle: Closure<dyn FnMut()>,
    on_gap: Closure<dyn FnMut()>,
    frame: Option<i32>,
    idle: Option<Idle>,
    idle_options: js_sys::Object,
}

impl Pace {
    /// `idle_timeout_ms`: the longest an idle call waits for an idle period. `on_gap` runs at
    /// the end of the gap before an idle call, and calls `idle_now`.
    pub fn new(
        on_frame: impl FnMut() + 'static,
        on_idle: impl FnMut() + 'static,
        on_gap: impl FnMut() + 'static,
        idle_timeout_ms: u32,
    ) -> Pace {
        let mut on_frame = on_frame;
        let idle_options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(
            &idle_options,
            &"timeout".into(),
            &JsValue::from(idle_timeout_ms),
        );
        Pace {
            window: gloo::utils::window(),
            on_frame: Closure::<dyn FnMut(f64)>::new(move |_| on_frame()),
            on_idle: Closure::<dyn FnMut()>::new(on_idle),
            on_gap: Closure::<dyn FnMut()>::new(on_gap),
            frame: None,
            idle: None,
            idle_options,
        }
    }

    /// Asks for the frame callback, unless it is already asked for.
    pub fn frame(&mut self) {
        if self.frame.is_none() {
            self.frame = self
                .window
                .request_animation_frame(self.on_frame.as_ref().unchecked_ref())
                .ok();
        }
    }

    pub fn frame_pending(&self) -> bool {
        self.frame.is_some()
    }

    /// The frame callback runs: no longer pending.
    pub fn frame_ran(&mut self) {
        self.frame = None;
    }

    /// The batch runs before its frame (the tab is hidden): the frame is not needed.
    pub fn cancel_frame(&mut self) {
        if let Some(id) = self.frame.take() {
            let _ = self.window.cancel_animation_frame(id);
        }
    }

    /// Asks for the idle callback after `IDLE_GAP_MS`, unless it is already asked for.
    pub fn idle(&mut self) {
        if self.idle.is_some() {
            return;
        }
        self.idle = self
            .window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                self.on_gap.as_ref().unchecked_ref(),
                IDLE_GAP_MS,
            )
            .ok()
            .map(Idle::Gap);
    }

    /// The gap is over: asks for the idle callback now. Without `requestIdleCallback`, a timer
    /// of a second stands in.
    pub fn idle_now(&mut self) {
        let callback: &js_sys::Function = self.on_idle.as_ref().unchecked_ref();
        let window: &IdleWindow = self.window.unchecked_ref();
        self.idle = match window.request_idle_callback(callback, &self.idle_options) {
            Ok(handle) => Some(Idle::Callback(handle)),
            Err(_) => self
                .window
                .set_timeout_with_callback_and_timeout_and_arguments_0(callback, 1_000)
                .ok()
                .map(Idle::Timer),
        };
    }

    /// The idle callback runs: no longer pending.
    pub fn idle_ran(&mut self) {
        self.idle = None;
    }

    fn cancel_idle(&mut self) {
        match self.idle.take() {
            Some(Idle::Callback(handle)) => {
                let _ = self
                    .window
                    .unchecked_ref::<IdleWindow>()
                    .cancel_idle_callback(handle);
            }
            Some(Idle::Timer(id) | Idle::Gap(id)) => self.window.clear_timeout_with_handle(id),
            None => {}
        }
    }
}

impl Drop for Pace {
    fn drop(&mut self) {
        self.cancel_frame();
        self.cancel_idle();
    }
}
