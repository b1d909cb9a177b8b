import { useEffect } from "react";
import init, { Personalizer } from "crumbtrail";
import { attachSlots } from "crumbtrail/slots";

const messages = [{ id: "welcome", slot: "hero", stages: ["reach"], content: { title: "Welcome to the shop" } }];

export function Hero() {
  useEffect(() => {
    let slots;
    let cancelled = false;
    init().then(() => Personalizer.create({ messages })).then((p) => cancelled || (slots = attachSlots(p)));
    return () => {
      cancelled = true;
      slots?.detach();
    };
  }, []);
  return <crumbtrail-slot name="hero" suppressHydrationWarning><h2>New season, new trails</h2></crumbtrail-slot>;
}
