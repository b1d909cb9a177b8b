import init, { Personalizer } from "crumbtrail";
import { attachSlots } from "crumbtrail/slots";

const messages = [{ id: "welcome", slot: "hero", stages: ["reach"], content: { title: "Welcome to the shop" } }];

await init();
attachSlots(await Personalizer.create({ messages }));
