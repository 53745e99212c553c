/**
 * Telling an agent a chat arrived while they look elsewhere: a short two-tone chime made with
 * WebAudio (no sound file to ship), and a system notification when the agent allowed them.
 * Permission is only ever asked from a button press: browsers block (and users resent) prompts
 * on page load.
 */
let audio: AudioContext | undefined;

export function playChime(): void {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    for (const [i, frequency] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + i * 0.14);
      gain.gain.exponentialRampToValueAtTime(0.18, start + i * 0.14 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.14 + 0.3);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + i * 0.14);
      osc.stop(start + i * 0.14 + 0.32);
    }
  } catch {
    // No audio device or autoplay blocked: the list badge still shows the chat.
  }
}

export type NotificationState = 'unsupported' | NotificationPermission;

export function notificationState(): NotificationState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export async function askNotificationPermission(): Promise<NotificationState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

export function notify(title: string, body: string, onClick: () => void): void {
  if (notificationState() !== 'granted' || document.hasFocus()) return;
  const notification = new Notification(title, { body, tag: 'parley-chat' });
  notification.onclick = () => {
    window.focus();
    onClick();
    notification.close();
  };
}
